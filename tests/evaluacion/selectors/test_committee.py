from evaluacion.selectors.committee import decision_log, extra_review_requests
from tests.factories.evaluacion import DecisionLogFactory, ExtraReviewRequestFactory


def test_decision_log_and_requests_belong_to_one_submission(db):
    entry = DecisionLogFactory()
    DecisionLogFactory()  # another submission's
    request = ExtraReviewRequestFactory(submission=entry.submission)
    ExtraReviewRequestFactory()

    assert list(decision_log(entry.submission)) == [entry]
    assert list(extra_review_requests(entry.submission)) == [request]
