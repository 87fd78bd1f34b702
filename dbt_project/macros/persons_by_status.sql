{#- The CTEs `grid`, `counted` and `final`: distinct persons of the CTE `substance_use`
    (program, status, person_key) in every program x status of `statuses` (a CTE of a
    statuses seed), zero or not, with 'Total' rows and columns; the form suppress_counted
    publishes. The CTEs `programs` and `substance_use` come before it. -#}
{% macro persons_by_program_and_status(statuses) -%}
grid as (
    select
        programs.program,
        {{ statuses }}.status,
        {{ statuses }}.status_order
    from programs
    cross join {{ statuses }}
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
{%- endmacro %}
