"""The window's pages beyond the contact list: Today (the landing page) and Network, with the
group and event forms. Each page is a self-contained widget built with the window's AppEvents."""
