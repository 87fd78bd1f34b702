{#-
    A mart leaks an SSN if a text value is one (123456789, 123-45-6789) or holds one with its
    dashes (inside a longer text). Nine digits inside a longer text are ids (P000000193). Checked on every text column, not only those named like an SSN: a
    renamed or concatenated column leaks the same. Every mart carries this test
    (tests/dbt/test_warehouse_rules.py checks that).
-#}
{% test no_ssn_values(model) %}
    {%- set text_columns = [] -%}
    {%- for column in adapter.get_columns_in_relation(model) -%}
        {%- if 'VARCHAR' in column.dtype | upper -%}
            {%- do text_columns.append(column.name) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if text_columns | length == 0 %}
        select null as column_name, null as value where false
    {%- else %}
        {%- for column in text_columns %}
            select
                '{{ column }}' as column_name,
                cast({{ adapter.quote(column) }} as varchar) as value
            from {{ model }}
            where regexp_matches(
                cast({{ adapter.quote(column) }} as varchar),
                '^[0-9]{3}-?[0-9]{2}-?[0-9]{4}$|(^|[^0-9])[0-9]{3}-[0-9]{2}-[0-9]{4}([^0-9]|$)'
            )
            {%- if not loop.last %}
                union all
            {%- endif %}
        {%- endfor %}
    {%- endif %}
{% endtest %}
