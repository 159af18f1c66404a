"""The main window's widgets: contact list, contact page, meter, timeline, avatar, welcome."""
