"""English dates in one format across the portal (issue 17): "23 August 2017", as the learning
events' dates read (learning_events/fuzzy_dates.py), instead of Django's "Aug. 23, 2017" beside
them. Numeric dates in tables stay ISO (2017-08-23), which both languages read alike."""

DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
SHORT_DATE_FORMAT = "Y-m-d"
SHORT_DATETIME_FORMAT = "Y-m-d H:i"
