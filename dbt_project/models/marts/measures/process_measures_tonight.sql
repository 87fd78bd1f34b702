-- Tonight's process measures, one row per program: the history keeps each night's rows
-- (models/history/process_measures_by_night) and process_measures is the time series.
with programs as (
    select * from {{ ref('programs') }}
),

person_crosswalk as (
    select * from {{ ref('person_crosswalk') }}
),

linkage_match_rates as (
    select * from {{ ref('linkage_match_rates') }}
),

new_matches as (
    select * from {{ ref('new_matches') }}
),

int_consents_ranked_by_person as (
    select * from {{ ref('int_consents_ranked_by_person') }}
),

milestones as (
    select * from {{ ref('milestones') }}
),

plan_conflicts as (
    select * from {{ ref('plan_conflicts') }}
),

program_snapshots as (
    select * from {{ ref('stg_audit__program_snapshots') }}
),

validation_issues as (
    select * from {{ ref('stg_audit__validation_issues') }}
),

as_of as (
    select cast('{{ var("extract_date") }}' as date) as as_of_date
),

active as (
    select
        program,
        count(*) filter (where is_active) as active_clients
    from person_crosswalk
    group by program
),

matches as (
    select
        program,
        count(distinct client_id) as clients_newly_matched
    from new_matches
    group by program
),

consent as (
    select
        person_crosswalk.program,
        count(*) filter (where int_consents_ranked_by_person.can_see_enrollment) as consenting_active
    from person_crosswalk
    left join int_consents_ranked_by_person
        on person_crosswalk.person_id = int_consents_ranked_by_person.person_id
    where person_crosswalk.is_active
    group by person_crosswalk.program
),

quarantined as (
    select
        validation_issues.program,
        count(*) as rows_quarantined
    from validation_issues
    cross join as_of
    where validation_issues.outcome = 'quarantined'
        and cast(validation_issues.extract_date as date) = as_of.as_of_date
    group by validation_issues.program
),

work as (
    select
        program,
        count(*) as milestones,
        count(*) filter (where has_target_dates) as milestones_with_targets,
        count(*) filter (where is_completed_on_time) as completed_on_time,
        count(*) filter (where status = 'COMPLETE' and target_end_date is not null) as completed_with_target,
        count(*) filter (where is_open and is_client_active) as work_in_process,
        count(*) filter (
            where status = 'COMPLETE' and actual_end_date > as_of_date - 30
        ) as completed_last_30_days,
        avg(days_stuck) filter (where is_client_active) as average_days_stuck,
        count(distinct client_id) filter (where status = 'STUCK' and is_client_active)
            as clients_stuck
    from milestones
    group by program
),

conflicts as (
    select
        program,
        count(distinct person_id) as clients_in_plan_conflicts
    from (
        select
            person_id,
            program_a as program
        from plan_conflicts
        union all
        select
            person_id,
            program_b as program
        from plan_conflicts
    ) as sides
    group by program
),

final as (
    select
        as_of.as_of_date as extract_date,
        programs.program,
        coalesce(linkage_match_rates.records, 0) as roster_records,
        coalesce(active.active_clients, 0) as active_clients,
        linkage_match_rates.match_rate,
        coalesce(linkage_match_rates.records_linked, 0) as records_linked,
        coalesce(matches.clients_newly_matched, 0) as clients_newly_matched,
        coalesce(program_snapshots.is_stale, true) as is_stale,
        coalesce(program_snapshots.tonight_outcome, 'missing') as drop_outcome,
        coalesce(quarantined.rows_quarantined, 0) as rows_quarantined,
        round(consent.consenting_active / nullif(active.active_clients, 0), 4) as consent_coverage,
        round(work.milestones_with_targets / nullif(work.milestones, 0), 4) as share_milestones_with_targets,
        round(work.completed_on_time / nullif(work.completed_with_target, 0), 4) as on_time_completion,
        -- The counts behind the shares, so a de-identified copy can hide a share of few.
        coalesce(consent.consenting_active, 0) as consenting_active_clients,
        coalesce(work.milestones, 0) as milestones,
        coalesce(work.milestones_with_targets, 0) as milestones_with_targets,
        coalesce(work.completed_with_target, 0) as milestones_completed_with_target,
        coalesce(work.completed_on_time, 0) as milestones_completed_on_time,
        coalesce(work.work_in_process, 0) as work_in_process,
        coalesce(work.completed_last_30_days, 0) as throughput_last_30_days,
        round(work.average_days_stuck, 1) as average_days_stuck,
        coalesce(work.clients_stuck, 0) as clients_stuck,
        coalesce(conflicts.clients_in_plan_conflicts, 0) as clients_in_plan_conflicts
    from programs
    cross join as_of
    left join linkage_match_rates on programs.program = linkage_match_rates.program
    left join active on programs.program = active.program
    left join matches on programs.program = matches.program
    left join program_snapshots on programs.program = program_snapshots.program
    left join quarantined on programs.program = quarantined.program
    left join consent on programs.program = consent.program
    left join work on programs.program = work.program
    left join conflicts on programs.program = conflicts.program
)

select * from final
