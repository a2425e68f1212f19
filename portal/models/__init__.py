from .indexes import (
    DistinctionIndexPage,
    HomeFeaturedPractice,
    HomePage,
    LibraryIndexPage,
    MunicipalityIndexPage,
    NewsIndexPage,
)
from .pages import (
    BasePage,
    CompetitionResult,
    DistinctionLevel,
    DistinctionPage,
    GoodPracticePage,
    ImprovementProject,
    NewsPage,
    PracticeAttachment,
    PracticeImage,
    ResultIndicator,
    StandardPage,
)
from .precomputed import PrecomputedRelated

__all__ = [
    "BasePage",
    "CompetitionResult",
    "DistinctionIndexPage",
    "DistinctionLevel",
    "DistinctionPage",
    "GoodPracticePage",
    "HomeFeaturedPractice",
    "HomePage",
    "ImprovementProject",
    "LibraryIndexPage",
    "MunicipalityIndexPage",
    "NewsIndexPage",
    "NewsPage",
    "PracticeAttachment",
    "PracticeImage",
    "PrecomputedRelated",
    "ResultIndicator",
    "StandardPage",
]
