"""What the main window does, one controller per concern: actions and menus (``actions``), the one
undo history (``undo``), backups, restore and the trash (``data_safety``), contacts in and out
(``transfer``), the contact commands (``contacts``) and CardDAV sync (``sync``). Each is made by the
window and reached from it (``window.action_set``, ``window.history``, ``window.data_safety``,
``window.transfer``, ``window.commands``, ``window.sync``)."""
