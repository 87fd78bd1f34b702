{#-
    No count that a de-identified table publishes is 1 to 10 (crosswalk/suppression.py
    hides them, and the cells that would give them back): checked on every night's build,
    not only by pytest on generated data. The counts are the columns tagged
    `meta: {suppressed_count: true}` in the de-identified models' YAML; a row per offending
    cell, naming the table, the column and the value.
-#}
{{ config(store_failures=true) }}
-- depends_on: {{ ref('deidentified_application_timeliness') }}
-- depends_on: {{ ref('deidentified_county_intake_by_month') }}
-- depends_on: {{ ref('deidentified_enrollment_concurrency') }}
-- depends_on: {{ ref('deidentified_process_measures') }}
-- depends_on: {{ ref('deidentified_program_combinations') }}
-- depends_on: {{ ref('deidentified_program_overlap') }}
-- depends_on: {{ ref('deidentified_substance_use_milestones') }}
-- depends_on: {{ ref('deidentified_substance_use_referrals') }}

{% for node, column in tagged_columns('suppressed_count') %}
    select
        '{{ node.alias }}' as table_name,
        '{{ column.name }}' as column_name,
        cast({{ column.name }} as double) as found_value
    from {{ ref(node.name) }}
    where {{ column.name }} between 1 and 10
    {% if not loop.last %}union all{% endif %}
{% else %}
    select
        null as table_name,
        null as column_name,
        null as found_value
    where false
{% endfor %}
