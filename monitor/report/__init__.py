"""The weekly compliance report: data.py assembles it from the store's reads (monitor/store/weekly.py) into
model.py's dataclasses, service.py judges residents' questions and silence with the attention checks,
render.py and the templates write it, charts.py draws the chart, pdf.py lays it out, csvout.py exports the
findings, deliver.py queues it every Monday, schedule.py knows the weeks and the due time."""
