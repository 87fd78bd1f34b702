-- Required milestones of two programs for one person whose target windows overlap or whose
-- target ends fall within var conflict_window_days of each other: two non-negotiable demands
-- on the same weeks. The category priority says which should come first.
with milestones as (
    select * from {{ ref('milestones') }}
),

category_priorities as (
    select * from {{ ref('category_priorities') }}
),

required_open as (
    select
        milestones.*,
        coalesce(category_priorities.priority_rank, 5) as priority_rank,
        coalesce(category_priorities.need, 'other') as need
    from milestones
    left join category_priorities on milestones.category = category_priorities.category
    where milestones.is_required
        and milestones.is_open
        and milestones.is_client_active
        and milestones.person_id is not null
        and milestones.target_end_date is not null
),

pairs as (
    select
        a.person_id,
        a.milestone_id as milestone_id_a,
        a.program as program_a,
        a.category as category_a,
        a.priority_rank as priority_rank_a,
        a.need as need_a,
        coalesce(a.target_start_date, a.target_end_date) as window_start_a,
        a.target_end_date as window_end_a,
        b.milestone_id as milestone_id_b,
        b.program as program_b,
        b.category as category_b,
        b.priority_rank as priority_rank_b,
        b.need as need_b,
        coalesce(b.target_start_date, b.target_end_date) as window_start_b,
        b.target_end_date as window_end_b,
        a.as_of_date
    from required_open as a
    inner join required_open as b
        on a.person_id = b.person_id
        and a.program < b.program
),

final as (
    select
        person_id,
        program_a,
        milestone_id_a,
        category_a,
        window_start_a,
        window_end_a,
        program_b,
        milestone_id_b,
        category_b,
        window_start_b,
        window_end_b,
        case
            when window_start_a <= window_end_b and window_start_b <= window_end_a
                then 'overlapping windows'
            else 'ends within {{ var("conflict_window_days") }} days'
        end as conflict_type,
        abs(date_diff('day', window_end_a, window_end_b)) as days_between_ends,
        case
            when priority_rank_a < priority_rank_b then milestone_id_a
            when priority_rank_b < priority_rank_a then milestone_id_b
            when window_end_a <= window_end_b then milestone_id_a
            else milestone_id_b
        end as first_milestone_id,
        case
            when priority_rank_a < priority_rank_b then need_a || ' before ' || need_b
            when priority_rank_b < priority_rank_a then need_b || ' before ' || need_a
            else 'same need (' || need_a || '): the earlier target end first'
        end as first_because,
        as_of_date
    from pairs
    where (window_start_a <= window_end_b and window_start_b <= window_end_a)
        or abs(date_diff('day', window_end_a, window_end_b)) <= {{ var('conflict_window_days') }}
)

select * from final
