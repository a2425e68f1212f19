"""Who may manage dissemination: association staff (coordinators) and editors."""

import rules

from core.rules import is_coordinator, is_editor

can_manage = is_coordinator | is_editor

rules.add_perm("difusion.manage_books", can_manage)
rules.add_perm("difusion.manage_events", can_manage)
