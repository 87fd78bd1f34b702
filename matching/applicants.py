"""Who each applicant is: applications linked to the person index with the nightly model.

An application is another kind of record: the applicant's names, birth date and SSN as
written, scored against every roster record with the same Splink model and rules
(`predict_between`). It takes the person_id of the record it is, and never makes a person
of its own: the index is of program clients.

- `client_id`: the application names a roster record of its own program (the applicant
  became a client): that record's person.
- `probabilistic`: the best-scoring roster record at or above the match threshold that no
  rule refuses (two different SSNs). An applicant with no first name and no SSN (BABY
  SMITH) fits any child of a household: such an application is linked by its client id
  only.
- `unmatched`: no such record; the applicant is no one the programs serve (person_id null).
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd
from splink import DuckDBAPI

from matching import spec
from matching.cluster import rule_inputs
from matching.prepare import add_name_forms
from matching.score import Model, as_pairs, model_linker

APPLICANT_COLUMNS = ["record_id", "program", "application_id", "person_id", "matched_record_id",
                     "match_probability", "link_method"]


def read_applicants(warehouse: Path) -> pd.DataFrame:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        frame = con.execute(
            f"select {', '.join(spec.INPUT_COLUMNS)}, application_id, client_id "
            "from intermediate.int_applicant_records_standardised order by record_id").df()
    return add_name_forms(frame)


def score_applicants(applicants: pd.DataFrame, records: pd.DataFrame, model: Model) -> pd.DataFrame:
    """Pairs (applicant record_id, roster record_id, match_probability) from the review
    band up: below it a pair can never be a link."""
    columns = ["applicant_id", "record_id", "match_probability"]
    if applicants.empty or records.empty:
        return pd.DataFrame(columns=columns)
    inputs = list(spec.INPUT_COLUMNS) + ["name_forms", "known_names", "first_name_sound",
                                         "last_name_sound"]
    db_api = DuckDBAPI()
    linker = model_linker(model, db_api, records[inputs])
    pairs = as_pairs(linker.inference.predict_between(
        db_api.register(records[inputs], dataset_display_name="roster_records"),
        db_api.register(applicants[inputs], dataset_display_name="applicants"),
        threshold_match_probability=spec.REVIEW_BAND[0], warning_mode="never"))
    left_is_applicant = pairs.record_id_left.isin(set(applicants.record_id))
    return pd.DataFrame({
        "applicant_id": pairs.record_id_left.where(left_is_applicant, pairs.record_id_right),
        "record_id": pairs.record_id_right.where(left_is_applicant, pairs.record_id_left),
        "match_probability": pairs.match_probability,
    })[columns]


def identify_applicants(applicants: pd.DataFrame, records: pd.DataFrame, persons: pd.DataFrame,
                        model: Model) -> pd.DataFrame:
    """One row per application: its person_id (or null), the roster record it was matched
    to, the pair's match probability and how (`client_id`, `probabilistic`, `unmatched`).
    `persons`: tonight's record_id -> person_id."""
    person_of = dict(zip(persons.record_id, persons.person_id, strict=True))
    pairs = score_applicants(applicants, records, model)
    candidates = pairs[pairs.match_probability >= spec.MATCH_THRESHOLD]
    fields = rule_inputs(records[["record_id", *spec.RULE_COLUMNS]], set(candidates.record_id))
    mine = rule_inputs(applicants[["record_id", *spec.RULE_COLUMNS]], set(candidates.applicant_id))
    allowed = [spec.cannot_link(mine[a], fields[r]) is None and not spec.is_low_information(mine[a])
               for a, r in zip(candidates.applicant_id, candidates.record_id, strict=True)]
    best = (candidates[allowed].sort_values(["match_probability", "record_id"],
                                            ascending=[False, True])
            .drop_duplicates("applicant_id").set_index("applicant_id"))
    score_of = pairs.set_index(["applicant_id", "record_id"]).match_probability.to_dict()

    rows = []
    for applicant in applicants.itertuples(index=False):
        own = f"{applicant.program}:{applicant.client_id}" if applicant.client_id else None
        if own in person_of:
            record, method = own, "client_id"
            probability = score_of.get((applicant.record_id, own))
        elif applicant.record_id in best.index:
            record, method = best.at[applicant.record_id, "record_id"], "probabilistic"
            probability = best.at[applicant.record_id, "match_probability"]
        else:
            record, method, probability = None, "unmatched", None
        rows.append({"record_id": applicant.record_id, "program": applicant.program,
                     "application_id": applicant.application_id,
                     "person_id": person_of.get(record), "matched_record_id": record,
                     "match_probability": probability, "link_method": method})
    return pd.DataFrame(rows, columns=APPLICANT_COLUMNS).astype(
        {"match_probability": "float64"})
