"""The Clerk's web console (council-monitor web): routes and pages in app.py, links from alerts in links.py."""
