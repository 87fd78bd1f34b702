-- Process measures as a time series: earlier nights as they were kept (state/measures/,
-- loaded as raw.process_measures_history), and tonight.
with history as (
    select * from {{ source('programs', 'process_measures_history') }}
),

tonight as (
    select * from {{ ref('process_measures_tonight') }}
),

final as (
    select * from history
    where extract_date < (select max(tonight.extract_date) from tonight)
    union all by name
    select * from tonight
)

select * from final
