"""Russian: "Чт, 29 апреля 2027" (the month in the genitive, as a date is read), short
dates as "29.04.2027", times on a 24-hour clock. See ecosystem/formats/__init__.py."""

DATE_FORMAT = "D, j E Y"
DATETIME_FORMAT = "D, j E Y, H:i"
TIME_FORMAT = "H:i"
SHORT_DATE_FORMAT = "d.m.Y"
SHORT_DATETIME_FORMAT = "d.m.Y, H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j E"
