-- Which snapshot of each program is in service tonight: the newest drop on or before the
-- extract date whose every file was accepted. A program with a rejected or missing drop
-- tonight keeps its last good one and is stale; staging reads only these partitions.
with load_audit as (
    select * from {{ ref('stg_audit__load_audit') }}
),

programs as (
    select * from {{ ref('programs') }}
),

drops as (
    select
        load_audit.program,
        load_audit.extract_date,
        bool_and(load_audit.outcome = 'accepted') as is_accepted,
        -- A rejected or missing drop is one row with that outcome.
        min(load_audit.outcome) as outcome
    from load_audit
    where load_audit.extract_date <= date '{{ var("extract_date") }}'
    group by load_audit.program, load_audit.extract_date
),

in_service as (
    select
        drops.program,
        max(drops.extract_date) filter (where drops.is_accepted) as in_service_extract_date
    from drops
    group by drops.program
),

tonight as (
    select
        drops.program,
        case when drops.is_accepted then 'accepted' else drops.outcome end as tonight_outcome
    from drops
    where drops.extract_date = date '{{ var("extract_date") }}'
),

final as (
    select
        programs.program,
        in_service.in_service_extract_date,
        coalesce(tonight.tonight_outcome, 'missing') as tonight_outcome,
        coalesce(in_service.in_service_extract_date < date '{{ var("extract_date") }}', true)
            as is_stale
    from programs
    left join in_service on programs.program = in_service.program
    left join tonight on programs.program = tonight.program
)

select * from final
