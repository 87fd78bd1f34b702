-- Each JJS youth's GUARDIAN_NAME ("FIRST LAST", free text) resolved to a person, when the
-- evidence singles one out. A name alone is too common to trust, so a candidate (a record
-- of that first and last name, an adult older than the youth when birth dates are known;
-- guardians include siblings and grandparents) must also share something with the youth:
-- best a DCFS case or FEP household (family_group), else the street address and ZIP on the
-- youth's JJS record (same_address; a ZIP alone let namesakes through). The strongest
-- evidence found must point to exactly one person; otherwise the guardian stays unresolved.
with int_roster_rows_unioned as (
    select * from {{ ref('int_roster_rows_unioned') }}
),

int_person_records_unioned as (
    select * from {{ ref('int_person_records_unioned') }}
),

record_persons as (
    select * from {{ source('linkage', 'record_persons') }}
),

youths as (
    select
        int_person_records_unioned.record_id,
        int_person_records_unioned.client_id,
        record_persons.person_id,
        int_person_records_unioned.birth_date,
        int_person_records_unioned.zip,
        int_person_records_unioned.street_std,
        int_roster_rows_unioned.guardian_name,
        {{ name_key("split_part(int_roster_rows_unioned.guardian_name, ' ', 1)") }}
            as guardian_first_name_std,
        {{ name_key(surname_without_suffix(
            "substr(int_roster_rows_unioned.guardian_name, "
            ~ "strpos(int_roster_rows_unioned.guardian_name, ' ') + 1)")) }}
            as guardian_last_name_std
    from int_roster_rows_unioned
    inner join int_person_records_unioned
        on
        int_roster_rows_unioned.program = int_person_records_unioned.program
        and int_roster_rows_unioned.client_id = int_person_records_unioned.client_id
    inner join record_persons on int_person_records_unioned.record_id = record_persons.record_id
    where int_roster_rows_unioned.program = 'jjs' and int_roster_rows_unioned.guardian_name <> ''
),

-- Every family group (DCFS case, FEP household) each person is on, from all roster rows.
person_groups as (
    select distinct
        record_persons.person_id,
        int_roster_rows_unioned.program || ':' || int_roster_rows_unioned.group_id as family_group
    from int_roster_rows_unioned
    inner join record_persons
        on {{ record_id('int_roster_rows_unioned.program', 'int_roster_rows_unioned.client_id') }}
        = record_persons.record_id
    where int_roster_rows_unioned.group_id is not null
),

candidates as (
    select
        youths.record_id,
        record_persons.person_id as guardian_person_id,
        exists(
            select 1
            from person_groups as youth_groups
            inner join person_groups as guardian_groups
                on youth_groups.family_group = guardian_groups.family_group
            where
                youth_groups.person_id = youths.person_id
                and guardian_groups.person_id = record_persons.person_id
        ) as shares_family_group,
        candidate.street_std = youths.street_std and candidate.zip = youths.zip as shares_address
    from youths
    inner join int_person_records_unioned as candidate
        on
        youths.guardian_last_name_std = candidate.last_name_std
        and (
            youths.guardian_first_name_std = candidate.first_name_std
            or youths.guardian_first_name_std = candidate.preferred_name_std
            or list_contains(candidate.alias_names_std, youths.guardian_first_name_std)
        )
    inner join record_persons on candidate.record_id = record_persons.record_id
    where
        record_persons.person_id <> youths.person_id
        and (
            candidate.birth_date is null
            or (
                candidate.birth_date <= cast('{{ var("extract_date") }}' as date) - interval 18 year
                and (youths.birth_date is null or candidate.birth_date < youths.birth_date)
            )
        )
),

evidence as (
    select
        record_id,
        guardian_person_id,
        case
            when bool_or(shares_family_group) then 1
            when bool_or(shares_address) then 2
        end as evidence_rank
    from candidates
    group by record_id, guardian_person_id
),

strongest as (
    select
        *,
        min(evidence_rank) over (partition by record_id) as best_rank
    from evidence
    where evidence_rank is not null
),

resolved as (
    select
        record_id,
        any_value(guardian_person_id) as guardian_person_id,
        count(*) as candidates_at_best_evidence,
        any_value(evidence_rank) as evidence_rank
    from strongest
    where evidence_rank = best_rank
    group by record_id
),

final as (
    select
        youths.client_id,
        youths.person_id as youth_person_id,
        youths.guardian_name,
        case when resolved.candidates_at_best_evidence = 1 then resolved.guardian_person_id end
            as guardian_person_id,
        case
            when resolved.candidates_at_best_evidence > 1 then 'ambiguous'
            when resolved.evidence_rank = 1 then 'family_group'
            when resolved.evidence_rank = 2 then 'same_address'
            else 'unresolved'
        end as resolved_by
    from youths
    left join resolved on youths.record_id = resolved.record_id
)

select * from final
