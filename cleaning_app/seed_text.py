"""Words for the demo data: job titles, details, bios and reviews that read
like a real marketplace. Only the seed uses them.

Each job title comes with the sentence that opens its description, and each
review's headline and comment come from its star band, so a one-star review
never says "Spotless" and a weekly tidy never asks for the deposit back."""

# Bios by role: the demo resident posts jobs, the demo cleaner takes them,
# and everyone else does a bit of both.
RESIDENT_BIO = "Busy parent of two; I post jobs when life gets ahead of me."
CLEANER_BIO = "Ten years of cleaning homes. I bring my own supplies."
BIOS = [
    "Friendly, punctual and thorough.",
    "Eco-friendly products only, pet lover, references on request.",
    "Student working weekends. Careful, quick and tidy.",
    "Retired nurse: I notice the details others miss.",
    "Working from home, so I'm around to let you in.",
    "",
]

# What the job is, by kind of clean: (the title people write, the sentence
# that opens its description).
JOBS = {
    "dust_up": [
        (
            "Weekly tidy",
            "A weekly tidy: dust, vacuum and wipe the kitchen surfaces;"
            " regular work for the right person.",
        ),
        (
            "Quick dust and vacuum",
            "Just a quick dust and vacuum through every room, about two hours.",
        ),
        (
            "Light clean before guests arrive",
            "Guests arrive on Saturday, so a light clean of the living room,"
            " bathroom and spare room.",
        ),
        (
            "Dusting shelves and skirting boards",
            "Lots of shelves and skirting boards that gather dust faster than"
            " we can keep up.",
        ),
        (
            "Fortnightly freshen-up",
            "A fortnightly freshen-up of floors, surfaces and the bathroom;"
            " happy to make it a regular slot.",
        ),
        (
            "Hoover and wipe-down",
            "Hoover every floor and wipe down the kitchen and bathroom surfaces.",
        ),
    ],
    "spot_clean": [
        (
            "Kitchen and bathroom refresh",
            "The kitchen and bathroom need a proper refresh; the rest of the"
            " home is fine.",
        ),
        (
            "Oven and hob degrease",
            "The oven hasn't been cleaned since we moved in and the hob is"
            " greasy, so expect some work.",
        ),
        (
            "Post-party clean-up",
            "We had a party last night: glasses everywhere, sticky floors and"
            " a lot of recycling.",
        ),
        (
            "Carpet stain removal",
            "Red wine on a cream carpet in the living room, two days old.",
        ),
        (
            "Inside the fridge and freezer",
            "Defrost the freezer and wipe out the fridge; the food will be in"
            " cool boxes.",
        ),
        (
            "Windows inside and out",
            "Eight windows, all reachable from inside, so no ladders needed.",
        ),
        (
            "Limescale in the shower",
            "The shower's glass screen and tiles have a lot of limescale build-up.",
        ),
        (
            "Balcony and outdoor furniture",
            "Sweep the balcony and wipe down the outdoor table and chairs.",
        ),
    ],
    "full_clean": [
        (
            "Move-out deep clean",
            "A deep clean of every room, cupboards included, before we move"
            " out on Friday: we'd like the deposit back!",
        ),
        (
            "End of tenancy clean",
            "The tenancy ends next week and the agent inspects every room,"
            " oven and windows included.",
        ),
        (
            "Spring clean, top to bottom",
            "A spring clean from the top floor to the bottom: skirting boards,"
            " cupboards, windows, the lot.",
        ),
        (
            "After-builders clean",
            "The builders have finished the extension and left fine dust on"
            " every surface.",
        ),
        (
            "Deep clean before a new baby",
            "Our baby is due next month and we'd like a deep clean of the whole"
            " home before then.",
        ),
        (
            "Holiday let turnover",
            "Our holiday let needs a turnover between guests: beds, bathroom,"
            " kitchen and floors.",
        ),
    ],
}
PLACES = [
    "studio flat",
    "one-bedroom flat",
    "two-bedroom flat",
    "three-bed house",
    "terraced house",
    "loft apartment",
    "family home",
    "garden flat",
    "townhouse",
]
# Details that fit any job; a description adds up to two after its opening.
EXTRAS = [
    "Supplies are under the sink; please bring your own microfibre cloths.",
    "We have a friendly cat who will want to supervise.",
    "Parking is free on the street after 9am.",
    "Keys are in a lockbox by the door; we'll send you the code.",
    "Please use fragrance-free products: one of us has asthma.",
    "Hardwood floors throughout, so no steam mops please.",
    "Happy to be flexible on the day; mornings suit us best.",
    "Vacuum cleaner and mop provided.",
]
# Hourly rates in dollars by kind of clean: (low, high).
RATES = {"dust_up": (15, 32), "spot_clean": (18, 48), "full_clean": (25, 85)}

# Reviews by star band: what owners write about a clean they gave that
# many stars. STAR_BANDS maps an overall rating to its band.
STAR_BANDS = {5: "glowing", 4: "good", 3: "mixed", 2: "poor", 1: "poor"}
HEADLINES = {
    "glowing": [
        "Spotless, as promised",
        "Great job, will book again",
        "Brilliant, the place has never looked better",
        "Thorough and lovely to have around",
    ],
    "good": [
        "On time and careful",
        "Friendly and efficient",
        "Good work overall",
        "Solid clean, happy with it",
    ],
    "mixed": [
        "Did the job",
        "Okay, a few spots missed",
        "Fine, but took longer than agreed",
    ],
    "poor": [
        "Disappointing",
        "Rushed and missed the bathroom",
        "Arrived late and left early",
    ],
}
COMMENTS = {
    "glowing": [
        "",
        "The kitchen has never looked this good.",
        "Careful with our things and lovely with the kids.",
    ],
    "good": [
        "",
        "Arrived on time, worked quickly and left everything tidy.",
        "Did everything on the list; we'll ask again.",
    ],
    "mixed": [
        "",
        "A few spots were missed but they came back to fix them.",
        "The floors were fine; the bathroom needed another go.",
    ],
    "poor": [
        "",
        "Half the rooms were left untouched.",
        "We had to redo the kitchen ourselves.",
    ],
}
NO_SHOW_HEADLINE = "Didn't show up"

# Where the jobs are: a fixed list of neighbourhoods, so the listing's area
# filter finds several jobs for each.
AREAS = [
    "Camden",
    "Hackney",
    "Islington",
    "Brixton",
    "Clapham",
    "Peckham",
    "Greenwich",
    "Walthamstow",
    "Stoke Newington",
    "Notting Hill",
    "Richmond",
    "Crystal Palace",
]
# Each place's size: (bedrooms low, high), (bathrooms low, high). A studio
# has no bedroom; a family home has three to five.
SIZES = {
    "studio flat": ((0, 0), (1, 1)),
    "one-bedroom flat": ((1, 1), (1, 1)),
    "two-bedroom flat": ((2, 2), (1, 2)),
    "three-bed house": ((3, 3), (1, 2)),
    "terraced house": ((2, 3), (1, 2)),
    "loft apartment": ((1, 2), (1, 2)),
    "family home": ((3, 5), (2, 3)),
    "garden flat": ((1, 2), (1, 1)),
    "townhouse": ((3, 4), (2, 3)),
}
STREETS = [
    "Albert Road",
    "Victoria Street",
    "Church Lane",
    "Park Avenue",
    "Mill Lane",
    "Station Road",
    "Queens Crescent",
    "Elm Grove",
    "Canal Walk",
    "Market Row",
]
# What cleaners write about the residents who booked them, by star band.
CLIENT_COMMENTS = {
    "glowing": [
        "",
        "Clear instructions, a warm welcome and paid on the day.",
        "Lovely home and a lovely family; happy to come back.",
    ],
    "good": [
        "",
        "Everything was ready when I arrived.",
        "Friendly, and the keys were where we agreed.",
    ],
    "mixed": [
        "",
        "The list grew once I was there, but we sorted it out.",
        "Nobody was in to let me in, so I started late.",
    ],
    "poor": [
        "",
        "Asked for twice the work in the agreed hours.",
        "Cancelled the access code on the day; I waited an hour.",
    ],
}
