-- Per person: the program pairs they are in together now, and those they were in together
-- before (from history, so a pair whose spells have aged off the rosters still shows).
with concurrent_enrollments as (
    select * from {{ ref('concurrent_enrollments') }}
),

final as (
    select
        person_id,
        coalesce(list_sort(list_distinct(
            list(program_a || '+' || program_b) filter (where is_current)
        )), []) as current_program_pairs,
        coalesce(list_sort(list_distinct(
            list(program_a || '+' || program_b) filter (where not is_current)
        )), []) as previous_program_pairs,
        bool_or(is_current) as is_concurrent_now,
        bool_or(not is_current) as was_concurrent_before,
        min(overlap_start) as first_concurrent_date,
        max(overlap_end) filter (where not is_current) as last_previous_concurrent_end,
        count(*) as concurrent_periods
    from concurrent_enrollments
    group by person_id
)

select * from final
