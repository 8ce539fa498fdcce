"""Word lists for the demo generator: plausible, person-first, and about nobody real.

Phone numbers use the 555-0100…0199 range reserved for fiction; organizations and
meetings are invented. Free text stays short and non-judgmental ("return to use",
"missed"), as staff would be expected to write it.
"""

from __future__ import annotations

from datetime import time

HOUSE_NAMES = (
    "Cedar House", "Maple Street House", "Harbor Light House", "Willow House", "Juniper House",
    "Oak Hollow House", "Lantern House", "Riverbend House", "Aspen House", "Hillside House",
    "Birch Lane House", "Cornerstone House", "Morning Star House", "Northgate House",
    "Pine Ridge House", "Sycamore House",
)
AREA_CODES = ("312", "414", "512", "614", "317", "503", "615", "704", "816", "919")

NICKNAMES = {
    "Robert": "Rob", "William": "Will", "Michael": "Mike", "James": "Jim", "Joseph": "Joe",
    "Christopher": "Chris", "Anthony": "Tony", "Daniel": "Dan", "Matthew": "Matt",
    "Jennifer": "Jen", "Elizabeth": "Liz", "Katherine": "Kate", "Jessica": "Jess",
    "Samantha": "Sam", "Alexander": "Alex", "Nicholas": "Nick", "Benjamin": "Ben",
    "Patricia": "Trish", "Victoria": "Tori", "Timothy": "Tim", "Richard": "Rick",
    "Thomas": "Tom", "Rebecca": "Becca", "Margaret": "Maggie", "Jonathan": "Jon",
}

RESIDENT_NOTES = (
    "Works early shifts at a warehouse; prefers evening chores.",
    "Goes to outpatient group on Tuesdays and Thursdays.",
    "Likes to cook and helps new residents learn the kitchen routine.",
    "Visits family on alternate Sundays.",
    "Looking for day work; has a resume appointment at the job center.",
    "Asked for a quieter room when one opens up.",
    "Takes the bus to work; sign-outs run long when the bus is late.",
    "Has a court date next season; consent for probation updates is on file.",
    "Enjoys leading the Sunday house meeting check-in round.",
    "Sees a counselor every other week.",
)

CHECKIN_NOTES = (
    "Grateful for my sponsor.", "Going to a meeting tonight.", "Grateful for a good night's sleep.",
    "Work shift today, then a meeting.", "Called my mom.", "Grateful for this house.",
    "Want to finish step work this week.", "Hard morning but I'm here.", "Grateful for coffee and quiet.",
    "Job interview at 2.", "Going to the gym after work.", "Grateful for my roommate.",
    "One day at a time.", "Paying my rent on time this week.", "Kids visiting this weekend.",
    "Feeling steady today.", "Tired, but staying on track.", "Reading the Big Book tonight.",
)

DESTINATIONS = (
    ("Work", 30), ("AA meeting", 10), ("NA meeting", 6), ("Grocery store", 10),
    ("Job interview", 3), ("Doctor appointment", 4), ("Visiting family", 6), ("Gym", 6),
    ("Library", 3), ("Church", 3), ("Outpatient group", 5), ("Coffee with sponsor", 6),
    ("Bank", 2), ("Laundromat", 2), ("Probation appointment", 2), ("Park", 3),
)

FELLOWSHIP_WEIGHTS = (
    ("AA", 45), ("NA", 30), ("SMART", 8), ("CA", 5), ("Celebrate Recovery", 4),
    ("LifeRing", 3), ("Refuge Recovery", 3), ("other", 2),
)
MEETING_NAMES = {
    "AA": ("Eye Opener Group", "Tuesday Night Step Study", "Big Book Study", "Noon Serenity",
           "Saturday Morning Men's Group", "Women's Speaker Meeting", "Came to Believe"),
    "NA": ("Just for Today", "Clean and Serene", "Miracles Happen", "Friday Night Freedom"),
    "SMART": ("SMART Recovery Tuesday", "SMART Recovery Online"),
    "CA": ("Hope and Healing CA",),
    "Celebrate Recovery": ("Celebrate Recovery Thursday",),
    "LifeRing": ("LifeRing Open Meeting",),
    "Refuge Recovery": ("Refuge Recovery Sit",),
    "other": ("Recovery Dharma", "Dual Recovery Anonymous"),
}
MEETING_PLACES = (
    "Community center, room 2", "Church hall on 5th Street", "Alano club", "Library meeting room",
    "Online", "Hospital annex, ground floor", "Union hall basement", "YMCA, upstairs",
)

HOUSE_MEETING_TOPICS = (
    "Chore board and kitchen", "Welcoming new residents", "House rules review", "Gratitude round",
    "Planning the summer cookout", "Quiet hours", "Budgeting and rent", "Phase step-ups",
    "Service commitments", "Handling cravings together", "Holiday plans", "Shared groceries",
    "Respecting roommates", "Job leads", "Guests and visiting hours",
)
HOUSE_MEETING_MINUTES = (
    "Check-in round. Reviewed the chore board; kitchen is going well.",
    "Welcomed new residents and went over the sign-out book.",
    "Talked through quiet hours after 10 pm; everyone agreed.",
    "Gratitude round. Shared job leads from the workforce center.",
    "Reviewed house finances; rent reminders for the first of the month.",
    "Discussed keeping the fridge clean; labels for shared food.",
    "Celebrated milestones this month. Planned a group trip to a Saturday meeting.",
    "Went over the crisis line card and where the naloxone kit is kept.",
)
HOUSE_MEETING_DECISIONS = (
    "Fridge clean-out moves to Sunday evening.", "Quiet hours start at 10 pm on weeknights.",
    "House votes to buy a second vacuum from the house fund.",
    "New residents get a buddy for their first week.", "Porch light stays on until curfew.",
)
EXCUSED_NOTES = ("Work shift", "Doctor appointment", "Family visit", "Outpatient group")

CHORES = (
    # name, area, frequency, weekday, custom days, instructions
    ("Kitchen: dishes and counters", "Kitchen", "daily", None, "",
     "Dishes washed and put away, counters wiped, sink empty before 9 pm."),
    ("Trash and recycling", "Kitchen", "custom", None, "0,3",
     "Bins to the curb Monday and Thursday nights; rinse the recycling."),
    ("Upstairs bathroom", "Bathrooms", "weekly", 5, "", "Toilet, shower, sink, mirror, floor."),
    ("Downstairs bathroom", "Bathrooms", "weekly", 5, "", "Toilet, shower, sink, mirror, floor."),
    ("Vacuum living room", "Living room", "weekly", 2, "", "Vacuum, dust the shelves, tidy the couch."),
    ("Mop kitchen floor", "Kitchen", "weekly", 4, "", "Sweep first, then mop; leave a wet-floor sign."),
    ("Fridge clean-out", "Kitchen", "weekly", 6, "", "Throw out anything old or unlabeled."),
    ("Porch and yard", "Outside", "weekly", 5, "", "Sweep the porch, pick up litter, water plants."),
    ("Stairs and hallway", "Hallways", "weekly", 1, "", "Vacuum the stairs, wipe the railings."),
    ("Laundry room", "Laundry", "weekly", 3, "", "Clean the lint trap, wipe machines, sweep."),
)

SCREEN_SUBSTANCES = ("alcohol", "opioids", "cannabis", "cocaine", "methamphetamine",
                     "benzodiazepines")

INCIDENTS = {
    "curfew": ("Came back after curfew without calling ahead; talked it through the next morning.",
               "Reviewed sign-out expectations together; no further action."),
    "use": ("Resident shared that they had a return to use. Safety check done; resident called "
            "their sponsor.", "Support plan agreed with the resident; extra check-ins this week."),
    "conflict": ("Two residents disagreed loudly about the kitchen schedule.",
                 "Talked it through at a house meeting; both agreed on a new schedule."),
    "house_rule": ("A guest stayed past visiting hours.",
                   "Reminded the resident of the guest policy; noted for the house meeting."),
    "safety": ("A pan was left on the stove and set off the smoke alarm; nobody was hurt.",
               "Tested all alarms; added a kitchen safety note to the chore board."),
    "neighbour_complaint": ("A neighbor asked that music be turned down after 10 pm.",
                            "House agreed on quiet hours; thanked the neighbor."),
    "grievance": ("A resident raised a concern about how chores were shared out.",
                  "Reviewed the rotation at the house meeting; the board now shows the order."),
}
USE_EXIT_ACTION = "Resident chose to move to a treatment program; belongings kept for two weeks."

GOALS = {
    "recovery": (("Finish step work with my sponsor", ("Read chapter 5 together",
                  "Write my inventory", "Share step 5 with my sponsor")),
                 ("Find a home group", ("Try three different meetings", "Pick one and get a service job"))),
    "work": (("Find full-time work", ("Update my resume at the job center", "Apply to five jobs",
              "Practice interview questions")),
             ("Get my forklift certificate", ("Sign up for the class", "Pass the test"))),
    "education": (("Earn my GED", ("Take the practice test", "Enroll in evening classes",
                   "Pass the math section")),),
    "health": (("See a dentist", ("Find a clinic that takes my insurance", "Book the appointment")),
               ("Walk every day", ("Walk 20 minutes a day for two weeks", "Walk to my meeting"))),
    "housing": (("Save for my own apartment", ("Open a savings account", "Save first month's rent",
                 "Look at three apartments")),),
    "family": (("Reconnect with my kids", ("Call every Sunday", "Plan a visit with my ex-partner",
                "Attend a parenting class")),),
    "money": (("Pay off my court fines", ("Set up a payment plan", "Make six payments")),
              ("Make a monthly budget", ("Track spending for a month", "Set up a bill calendar"))),
}
GOAL_NOTES = ("Reviewed together; first step done.", "Still working on it; plan is realistic.",
              "Good progress this month.", "Paused while focusing on work hours.")

MENTOR_NOTES = (
    "Talked about the first weeks in the house and finding a home group.",
    "Walked to a meeting together; talked about cravings after work.",
    "Went over the chore board and how sign-outs work.",
    "Talked about calling the sponsor before things get hard.",
    "Shared how phase 2 went; set a goal for the week.",
    "Coffee and a check-in about family visits.",
)

# recipient, purpose, what may be shared (the form's words), the report parts it covers
CONSENT_RECIPIENTS = (
    ("Probation officer, County Adult Probation", "Supervision during probation",
     "House and outside meeting attendance, and drug and alcohol screen results",
     "attendance,screens"),
    ("Outpatient counselor, Riverside Treatment Center", "Coordinating treatment",
     "Daily check-in regularity, meeting attendance, screen results and recovery goals",
     "attendance,checkins,screens,goals"),
    ("Drug court coordinator, County Drug Court", "Drug court compliance",
     "Screen results and house meeting attendance", "attendance,screens"),
    ("Case manager, Workforce Reentry Program", "Employment support",
     "Meeting attendance, chores done and work goals", "attendance,chores,goals"),
    ("Family member (named on the form)", "Keeping family informed",
     "Meeting attendance and house-meeting participation only", "attendance"),
)

LOCAL_RESOURCES = (
    # name, kind, schedule, phone suffix
    ("Tuesday Night Step Study (AA)", "meeting", "Tuesdays 7:00 pm", None),
    ("Just for Today (NA)", "meeting", "Daily 12:00 pm", None),
    ("Eastside Community Health Clinic", "clinic", "Mon-Fri 8:00 am - 5:00 pm", 41),
    ("Workforce Center job club", "job", "Wednesdays 10:00 am", 42),
    ("County Housing Help Desk", "housing", "Mon-Thu 9:00 am - 4:00 pm", 43),
    ("Recovery Community Center drop-in", "other", "Daily 9:00 am - 9:00 pm", 44),
)

HOUSE_MEETING_AT = time(19, 0)
BUSINESS_MEETING_AT = time(18, 30)
