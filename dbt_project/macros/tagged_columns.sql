{#-
    Every column of the project's models and sources tagged `meta: {<key>: true}` in the YAML,
    as (node, column) pairs; empty at parse time (the graph is read only when executing).
    The privacy tests find what to check this way, so a newly tagged column is checked too.
-#}
{% macro tagged_columns(key) -%}
    {%- set tagged = [] -%}
    {%- if execute -%}
        {%- for node in (graph.nodes.values() | list) + (graph.sources.values() | list) -%}
            {%- for column in node.get('columns', {}).values() -%}
                {%- set meta = column.get('config', {}).get('meta', {}) or column.get('meta', {}) -%}
                {%- if meta.get(key) -%}
                    {%- do tagged.append((node, column)) -%}
                {%- endif -%}
            {%- endfor -%}
        {%- endfor -%}
    {%- endif -%}
    {{ return(tagged) }}
{%- endmacro %}
