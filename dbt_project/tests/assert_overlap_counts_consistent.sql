-- No program pair can have more shared persons than persons active in program a.
select * from {{ ref('program_overlap') }}
where persons_also_active_in_b > persons_active_in_a
