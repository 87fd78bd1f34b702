{#-
    The raw and audit zones are Parquet partitions that ingest writes
    (program=<p>/extract_date=<d>/); their sources read them in place (meta.glob).

    `partitions_of(source_name, table_name, served)` selects the rows of the partitions
    `served` lists, as (program, extract_date) pairs, or every partition when it is none.
    DuckDB reads only those files: the filter is on the hive columns.

    A glob that matches no file cannot be read (a program that never delivered, a data
    directory before its first drop), so then it is an empty relation of the columns the
    source declares: for the raw zone the contract's, as text (tests/dbt keeps them equal
    to the suites), with the partition and ingest's own columns.
-#}
{% macro partitions_of(source_name, table_name, served=none) -%}
    {%- set relation = source(source_name, table_name) -%}
    {%- if model.resource_type == 'unit_test' -%}
    {#- A unit test's fixture rows stand in for the files. -#}
    select * from {{ relation }}
    {%- else -%}
    {#- The graph exists once dbt executes; parsing only records the source. -#}
    {%- set node = graph.sources['source.crosswalk.' ~ source_name ~ '.' ~ table_name]
        if execute else none -%}
    {%- set has_files = not execute or (served != [] and run_query(
        "select count(*) from glob(" ~ sql_text(node.meta.glob) ~ ")").columns[0].values()[0] > 0) -%}
    {%- if has_files %}
    select * from {{ relation }}
    {%- if served is not none %}
    where {% for program, extract_date in served -%}
        (program = {{ sql_text(program) }} and extract_date = date {{ sql_text(extract_date) }})
        {%- if not loop.last %} or {% endif -%}
    {%- endfor %}
    {%- endif %}
    {%- else %}
    select
        {%- if node.meta.zone == 'raw' %}
        cast(null as bigint) as _line,
        cast(null as varchar []) as _nulled_columns,
        cast(null as varchar) as program,
        cast(null as date) as extract_date,
        {%- endif %}
        {%- for column in node.columns.values() %}
        cast(null as {{ column.data_type or 'varchar' }}) as "{{ column.name }}"
        {%- if not loop.last %},{% endif %}
        {%- endfor %}
    where false
    {%- endif %}
    {%- endif %}
{%- endmacro %}

{#-
    The in-service snapshot of each program (stg_audit__program_snapshots), as the
    (program, extract_date) pairs `partitions_of` reads; `program` limits it to one.
    The `ref` below makes every caller depend on the snapshots table, so it is built
    first; before that (parsing, linting) no partition is in service.
-#}
{% macro in_service(program=none) -%}
    {%- if model.resource_type == 'unit_test' -%}
        {{- return(none) -}}
    {%- endif -%}
    {%- set snapshots = ref('stg_audit__program_snapshots') -%}
    {%- set served = [] -%}
    {%- if execute and load_relation(snapshots) is not none -%}
        {%- set rows = run_query(
            "select program, cast(in_service_extract_date as varchar) from " ~ snapshots
            ~ " where in_service_extract_date is not null"
            ~ (" and program = " ~ sql_text(program) if program else "")
            ~ " order by program") -%}
        {%- for row in rows -%}
            {%- do served.append((row[0], row[1])) -%}
        {%- endfor -%}
    {%- endif -%}
    {{- return(served) -}}
{%- endmacro %}

{#-
    `dbt run-operation create_empty_source --args '{source_name: linkage}'`: each table of
    the source, empty, of the columns and types it declares. The unit tests build against
    it (crosswalk.transform.run_unit_tests), where no matching has run.
-#}
{% macro create_empty_source(source_name) -%}
    {%- for node in graph.sources.values() if node.source_name == source_name -%}
        {%- do run_query("create schema if not exists " ~ node.schema) -%}
        {%- set columns = [] -%}
        {%- for column in node.columns.values() -%}
            {%- do columns.append(adapter.quote(column.name) ~ " " ~ column.data_type) -%}
        {%- endfor -%}
        {%- do run_query("create or replace table " ~ node.schema ~ "." ~ node.identifier
                         ~ " (" ~ columns | join(", ") ~ ")") -%}
    {%- endfor -%}
{%- endmacro %}

{#- A value as a SQL string literal, its quotes doubled (a data path may hold one). -#}
{% macro sql_text(value) -%}
    '{{ value | string | replace("'", "''") }}'
{%- endmacro %}
