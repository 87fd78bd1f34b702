-- Every period in which one person was enrolled in two programs at once, now or before,
-- from each spell's latest known version (enrollment_history). A spell is [start, end):
-- the end date is the first day out, as is_active reads it everywhere else.
with enrollment_history as (
    select * from {{ ref('enrollment_history') }}
),

-- A spell that left its roster while open is taken to have ended the night it went.
spells as (
    select
        spell_id,
        person_id,
        program,
        enrollment_start_date as spell_start,
        coalesce(enrollment_end_date, left_roster_date) as spell_end
    from enrollment_history
    where
        person_id is not null
        and enrollment_start_date is not null
        and (is_current_version or left_roster_date is not null)
),

spell_pairs as (
    select
        spell_a.person_id,
        spell_a.program as program_a,
        spell_b.program as program_b,
        spell_a.spell_id as spell_id_a,
        spell_b.spell_id as spell_id_b,
        greatest(spell_a.spell_start, spell_b.spell_start) as overlap_start,
        -- least() skips nulls: an open spell ends the pair only when the other has ended.
        least(spell_a.spell_end, spell_b.spell_end) as overlap_end
    from spells as spell_a
    inner join spells as spell_b
        on
        spell_a.person_id = spell_b.person_id
        and spell_a.program < spell_b.program
),

final as (
    select
        person_id,
        program_a,
        program_b,
        spell_id_a,
        spell_id_b,
        overlap_start,
        overlap_end,
        coalesce(overlap_end, cast('{{ var("extract_date") }}' as date)) - overlap_start
            as overlap_days,
        overlap_start <= cast('{{ var("extract_date") }}' as date)
        and (overlap_end is null or overlap_end > cast('{{ var("extract_date") }}' as date))
            as is_current
    from spell_pairs
    where
        (overlap_end is null or overlap_start < overlap_end)
        and overlap_start <= cast('{{ var("extract_date") }}' as date)
)

select * from final
