-- Process measures as a time series: every night the history holds, tonight included.
with process_measures_by_night as (
    select * from {{ ref('process_measures_by_night') }}
)

select * from process_measures_by_night
