-- Persons referred for a SUBSTANCE_USE need, by the referring program and the referral's
-- status (every pair, zero or not), with 'Total' rows and columns counting distinct
-- persons: what deidentified_substance_use_referrals publishes after suppression (42 CFR
-- Part 2 allows analysts aggregates only).
with int_referrals_followed as (
    select * from {{ ref('int_referrals_followed') }}
),

programs as (
    select * from {{ ref('programs') }}
),

referral_statuses as (
    select * from {{ ref('referral_statuses') }}
),

substance_use as (
    select
        from_program as program,
        status,
        -- A client not on tonight's rosters has no person_id: counted as the program's client.
        coalesce(person_id, from_program || ':' || client_id) as person_key
    from int_referrals_followed
    where need_category = 'SUBSTANCE_USE'
),

grid as (
    select
        programs.program,
        referral_statuses.status,
        referral_statuses.status_order
    from programs
    cross join referral_statuses
),

-- cube adds the totals: by program (status Total), by status (program Total) and in all.
counted as (
    select
        coalesce(grid.program, 'Total') as program,
        coalesce(grid.status, 'Total') as status,
        coalesce(min(grid.status_order), 99) as status_order,
        count(distinct substance_use.person_key) as persons
    from grid
    left join substance_use
        on grid.program = substance_use.program
        and grid.status = substance_use.status
    group by cube(grid.program, grid.status)
),

final as (
    select
        program,
        status,
        case when status = 'Total' then 99 else status_order end as status_order,
        persons
    from counted
)

select * from final
