"""The weekly compliance report: data.py gathers it (SQL), render.py and the templates write it,
charts.py draws the chart, pdf.py lays it out, csvout.py exports the findings, deliver.py queues it
every Monday, schedule.py knows the weeks and the due time."""
