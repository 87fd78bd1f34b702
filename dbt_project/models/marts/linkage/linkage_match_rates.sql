-- Per program tonight: records, records linked to another record (of any program), records
-- with no match, and the match rate. The linkage report and the process measures read it.
with person_crosswalk as (
    select * from {{ ref('person_crosswalk') }}
),

programs as (
    select * from {{ ref('programs') }}
),

counts as (
    select
        programs.program,
        count(person_crosswalk.client_id) as records,
        count(person_crosswalk.client_id) filter (where person_crosswalk.records_in_person > 1)
            as records_linked
    from programs
    left join person_crosswalk on programs.program = person_crosswalk.program
    group by programs.program
),

final as (
    select
        program,
        cast('{{ var("extract_date") }}' as date) as extract_date,
        records,
        records_linked,
        records - records_linked as records_unmatched,
        round(records_linked / nullif(records, 0), 4) as match_rate
    from counts
)

select * from final
