"""The inspections app's models, one module per subject:

spotchecks.py   Inspection and InspectionResult (the conclusion is derived from results)
plans.py        SpotCheckPlan (the 双随机 draw) and Inspector
cases.py        EnforcementCase
complaints.py   Complaint, ComplaintPhoto, ComplaintReply
"""

from .cases import CaseStatus, EnforcementCase, EnforcementCaseQuerySet, ViolationType
from .complaints import Complaint, ComplaintPhoto, ComplaintReply, ComplaintStatus
from .plans import Inspector, InspectorQuerySet, SpotCheckPlan, SpotCheckPlanQuerySet
from .spotchecks import (
    RESULT_WITHIN_LIMITS,
    Conclusion,
    Inspection,
    InspectionCorrection,
    InspectionQuerySet,
    InspectionResult,
    InspectionStatus,
)

__all__ = [
    "RESULT_WITHIN_LIMITS",
    "CaseStatus",
    "Complaint",
    "ComplaintPhoto",
    "ComplaintReply",
    "ComplaintStatus",
    "Conclusion",
    "EnforcementCase",
    "EnforcementCaseQuerySet",
    "Inspection",
    "InspectionCorrection",
    "InspectionQuerySet",
    "InspectionResult",
    "InspectionStatus",
    "Inspector",
    "InspectorQuerySet",
    "SpotCheckPlan",
    "SpotCheckPlanQuerySet",
    "ViolationType",
]
