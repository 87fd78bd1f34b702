{#-
    The analysts' file (attached as `crosswalk`) holds no identifiers. Every table in it,
    whatever built it, is checked after the marts each night (crosswalk.transform):
    - no column is named as a column tagged `meta: {pii: true}` anywhere in the project
      (names, birth dates, SSNs, addresses, raw values), nor is tagged so itself;
    - no text value is an SSN (123456789, 123-45-6789) or holds one with its dashes inside a
      longer text. Nine digits inside a longer text are ids (P000000193);
    - no person-level table (schema marts) holds a SUBSTANCE_USE value: 42 CFR Part 2 allows
      analysts those milestones only as suppressed aggregates (schema deidentified).
    A row per offending column or value, naming the table, the column and the rule; the rows
    are kept in the secure file (dbt_test__audit), where crosswalk.transform reads them back.
-#}
{{ config(tags=['analysts_file'], store_failures=true) }}

{%- set identifiers = [] -%}
{%- set text_columns = [] -%}
{%- for node, column in tagged_columns('pii') -%}
    {%- do identifiers.append(column.name | lower) -%}
{%- endfor -%}
{%- if execute -%}
    {%- set found = run_query(
        "select schema_name, table_name, column_name from duckdb_columns() "
        "where database_name = 'crosswalk' and data_type = 'VARCHAR' order by all") -%}
    {%- for row in found.rows -%}
        {%- do text_columns.append(row) -%}
    {%- endfor -%}
{%- endif %}

with analysts_columns as (
    select
        schema_name,
        table_name,
        column_name
    from duckdb_columns()
    where database_name = 'crosswalk'
),

identifier_columns as (
    select
        schema_name,
        table_name,
        column_name,
        'identifier column (meta pii)' as broken_rule,
        null::varchar as found_value
    from analysts_columns
    -- The tagged names, rendered at run time from the project's YAML.
    where lower(column_name) in ('{{ identifiers | unique | join("', '") }}')  -- noqa: LT05
),

ssn_values as (
    {%- for schema_name, table_name, column_name in text_columns %}
        select
            '{{ schema_name }}' as schema_name,
            '{{ table_name }}' as table_name,
            '{{ column_name }}' as column_name,
            case
                when {{ adapter.quote(column_name) }} = 'SUBSTANCE_USE'
                    then 'substance use (42 CFR Part 2) in a person-level table'
                else 'SSN-shaped value'
            end as broken_rule,
            {{ adapter.quote(column_name) }} as found_value
        from crosswalk.{{ adapter.quote(schema_name) }}.{{ adapter.quote(table_name) }}
        where regexp_matches(
            {{ adapter.quote(column_name) }},
            '^[0-9]{3}-?[0-9]{2}-?[0-9]{4}$|(^|[^0-9])[0-9]{3}-[0-9]{2}-[0-9]{4}([^0-9]|$)'
        )
        {%- if schema_name == 'marts' %}
            or {{ adapter.quote(column_name) }} = 'SUBSTANCE_USE'
        {%- endif %}
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- else %}
        select
            null::varchar as schema_name,
            null::varchar as table_name,
            null::varchar as column_name,
            null::varchar as broken_rule,
            null::varchar as found_value
        where false
    {%- endfor %}
),

final as (
    select * from identifier_columns
    union all
    select * from ssn_values
)

select * from final
