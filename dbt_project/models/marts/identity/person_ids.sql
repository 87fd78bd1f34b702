-- Every person_id ever issued, and the id to use today: a retired id points to its survivor,
-- so an analyst holding an old id can always find the person.
with person_registry as (
    select
        cast(person_id as varchar) as person_id,
        cast(retired_into as varchar) as retired_into
    from {{ source('linkage', 'person_registry') }}
),

person_crosswalk as (
    select * from {{ ref('person_crosswalk') }}
),

current_records as (
    select
        person_id,
        count(*) as current_records
    from person_crosswalk
    group by person_id
),

-- Follow merges to the end: a survivor may itself have been merged later.
resolved as (
    with recursive chain as (
        select
            person_id,
            person_id as current_person_id,
            retired_into
        from person_registry
        union all
        select
            chain.person_id,
            next_id.person_id as current_person_id,
            next_id.retired_into
        from chain
        inner join person_registry as next_id on chain.retired_into = next_id.person_id
    )

    select
        person_id,
        current_person_id
    from chain
    where retired_into is null
),

final as (
    select
        person_registry.person_id,
        resolved.current_person_id,
        person_registry.retired_into is not null as is_retired,
        coalesce(current_records.current_records, 0) as current_records
    from person_registry
    inner join resolved on person_registry.person_id = resolved.person_id
    left join current_records on person_registry.person_id = current_records.person_id
)

select * from final
