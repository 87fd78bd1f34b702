-- Every version of every enrollment spell the history holds as of the extract date (the
-- dbt snapshot enrollment_snapshot), with the person it belongs to today. A spell that left
-- its roster keeps its last version, closed on the night it went.
with enrollment_snapshot as (
    select * from {{ ref('enrollment_snapshot') }}
),

record_persons as (
    select * from {{ source('linkage', 'record_persons') }}
),

previous_record_persons as (
    select * from {{ source('linkage', 'previous_record_persons') }}
),

person_ids as (
    select * from {{ ref('person_ids') }}
),

-- The history holds only nights up to this one (crosswalk/state.py); should it hold a later
-- one (a history restored by hand), its versions are not yet known on this night.
known_on_extract_date as (
    select
        *,
        cast(dbt_valid_from as date) as valid_from,
        case
            when cast(dbt_valid_to as date) <= cast('{{ var("extract_date") }}' as date)
                then cast(dbt_valid_to as date)
        end as valid_to
    from enrollment_snapshot
    where cast(dbt_valid_from as date) <= cast('{{ var("extract_date") }}' as date)
),

versions as (
    select
        *,
        row_number() over (partition by spell_id order by valid_from) as version,
        valid_to is null as is_current_version,
        max(valid_to is null) over (partition by spell_id) as is_on_roster
    from known_on_extract_date
),

-- A record gone from every roster keeps the person_id the registry last gave it.
final as (
    select
        versions.spell_id,
        person_ids.current_person_id as person_id,
        versions.program,
        versions.client_id,
        versions.group_id,
        versions.group_role,
        versions.supervision_type,
        versions.enrollment_start_date,
        versions.enrollment_end_date,
        versions.staff_id,
        versions.version,
        versions.valid_from,
        versions.valid_to,
        versions.is_current_version,
        versions.is_on_roster,
        case
            when not versions.is_on_roster
                and versions.valid_to = max(versions.valid_to) over (partition by versions.spell_id)
                then versions.valid_to
        end as left_roster_date
    from versions
    left join record_persons
        on {{ record_id('versions.program', 'versions.client_id') }} = record_persons.record_id
    left join previous_record_persons
        on {{ record_id('versions.program', 'versions.client_id') }} = previous_record_persons.record_id
    left join person_ids
        on coalesce(record_persons.person_id, previous_record_persons.person_id)
        = person_ids.person_id
)

select * from final
