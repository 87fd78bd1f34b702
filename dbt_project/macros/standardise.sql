{#- Letters only, lower case, accents folded: what name comparison should see. -#}
{% macro name_key(expr) -%}
    nullif(regexp_replace(lower(strip_accents(coalesce({{ expr }}, ''))), '[^a-z]', '', 'g'), '')
{%- endmacro %}

{#- A person's name: digits an OCR pass or a keyboard put in place of letters read back as the
    letters they stand for (0 for O, 1 for I, 5 for S ...), then letters only. -#}
{% macro person_name_key(expr) -%}
    {{ name_key("translate(lower(" ~ expr ~ "), '0123456789', 'oizeasgtbg')") }}
{%- endmacro %}

{#- A generational suffix keyed into the surname ("Smith Jr", "Lee III"): split out, so
    "smith jr" and "smith" compare as one surname. -#}
{% macro surname_suffix_pattern() -%}
    '[\s,]+(jr|sr|ii|iii|iv|v)\.?$'
{%- endmacro %}

{% macro surname_without_suffix(expr) -%}
    regexp_replace(lower(coalesce({{ expr }}, '')), {{ surname_suffix_pattern() }}, '')
{%- endmacro %}

{% macro suffix_in_surname(expr) -%}
    nullif(regexp_extract(lower(coalesce({{ expr }}, '')), {{ surname_suffix_pattern() }}, 1), '')
{%- endmacro %}
