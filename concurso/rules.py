"""Who may do what with calls and entries. Views check these on the server for every object."""

import rules

from core.rules import is_applicant, is_coordinator


@rules.predicate
def is_member_of_submission_municipality(user, submission):
    return bool(
        submission is not None
        and user.is_authenticated
        and user.is_applicant
        and user.municipality_id == submission.municipality_id
    )


# Applicants of the owning municipality work on the entry; coordinators may read it (and its files).
rules.add_perm("concurso.create_entry", is_applicant)
rules.add_perm("concurso.edit_entry", is_member_of_submission_municipality)
rules.add_perm("concurso.view_entry", is_member_of_submission_municipality | is_coordinator)
rules.add_perm("concurso.download_attachment", is_member_of_submission_municipality | is_coordinator)
rules.add_perm("concurso.manage_entries", is_coordinator)
