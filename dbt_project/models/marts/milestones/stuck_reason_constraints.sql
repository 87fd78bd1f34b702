-- What holds work up, by program, office and team: stuck milestones per reason, the
-- clients they touch, and how long they have been stuck (clients still active only).
with milestones as (
    select * from {{ ref('milestones') }}
),

stuck as (
    select
        program,
        coalesce(office, 'unknown') as office,
        coalesce(team, 'unknown') as team,
        coalesce(stuck_reason, 'NOT_GIVEN') as stuck_reason,
        client_id,
        days_stuck,
        as_of_date
    from milestones
    where status = 'STUCK' and is_client_active
),

by_reason as (
    select
        program,
        office,
        team,
        stuck_reason,
        count(*) as stuck_milestones,
        count(distinct client_id) as clients,
        round(avg(days_stuck), 1) as average_days_stuck,
        max(days_stuck) as longest_days_stuck,
        any_value(as_of_date) as as_of_date
    from stuck
    group by program, office, team, stuck_reason
),

final as (
    select
        program,
        office,
        team,
        stuck_reason,
        stuck_milestones,
        clients,
        average_days_stuck,
        longest_days_stuck,
        stuck_milestones / sum(stuck_milestones) over (partition by program, office, team)
            as share_of_team_stuck,
        as_of_date
    from by_reason
)

select * from final
