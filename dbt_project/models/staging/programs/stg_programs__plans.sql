with source as (
    {{ partitions_of('programs', 'plans', in_service()) }}
),

cleaned_rows as (
    select
        program,
        {{ cleaned('client_id') }} as client_id,
        {{ cleaned('plan_id') }} as plan_id,
        _line as source_line,
        extract_date,
        {{ cleaned('goal') }} as goal,
        {{ cleaned('milestone') }} as milestone,
        {{ cleaned('activity') }} as activity,
        {{ cleaned('category') }} as category,
        {{ cleaned('required') }} = 'Y' as is_required,
        {{ cleaned('target_start_date', '%Y-%m-%d') }} as target_start_date,
        {{ cleaned('actual_start_date', '%Y-%m-%d') }} as actual_start_date,
        {{ cleaned('target_end_date', '%Y-%m-%d') }} as target_end_date,
        {{ cleaned('actual_end_date', '%Y-%m-%d') }} as actual_end_date,
        {{ cleaned('status') }} as status,
        {{ cleaned('stuck_reason') }} as stuck_reason,
        try_cast({{ cleaned('planned_dosage_hours') }} as decimal(9, 2)) as planned_dosage_hours,
        try_cast({{ cleaned('actual_dosage_hours') }} as decimal(9, 2)) as actual_dosage_hours,
        {{ cleaned('staff_id') }} as staff_id,
        try_strptime({{ cleaned('updated_at') }}, '%Y-%m-%dT%H:%M:%S') as updated_at
    from source
),

-- A milestone keeps its id from night to night: program, client, plan and a hash of its
-- goal, milestone and activity text (the line number moves as rows come and go). Exact
-- repeats within a plan are numbered in file order.
keyed as (
    select
        *,
        program || ':' || client_id || ':' || plan_id || ':'
        || left(md5(concat_ws(
            '|', coalesce(goal, ''), coalesce(milestone, ''), coalesce(activity, '')
        )), 12) as milestone_key
    from cleaned_rows
),

final as (
    select
        milestone_key
        || case
            when row_number() over (partition by milestone_key order by source_line) > 1
                then '#' || row_number() over (partition by milestone_key order by source_line)
            else ''
        end as milestone_id,
        * exclude (milestone_key)
    from keyed
)

select * from final
