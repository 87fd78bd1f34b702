-- How person_ids changed, night by night: created, merged (retired into a survivor), split.
with person_events as (
    select * from {{ source('linkage', 'person_events') }}
),

final as (
    select
        cast(extract_date as date) as extract_date,
        event,
        person_id,
        nullif(other_person_id, '') as other_person_id,
        records
    from person_events
)

select * from final
