from .exports import ExportJob, ExportStatus
from .outbox import PendingTask, SentEmail
from .taxonomy import Category, SustainableDevelopmentGoal, Theme
from .territory import Comuna, Country, Municipality, Province, Region
from .users import Role, User

__all__ = [
    "Category",
    "Comuna",
    "Country",
    "ExportJob",
    "ExportStatus",
    "Municipality",
    "PendingTask",
    "Province",
    "Region",
    "Role",
    "SentEmail",
    "SustainableDevelopmentGoal",
    "Theme",
    "User",
]
