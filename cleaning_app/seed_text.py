"""Words for the demo data: job titles, details and bios that read like a
real marketplace. Only the seed uses them."""

BIOS = [
    "Friendly, punctual and thorough.",
    "Ten years of cleaning homes and offices. I bring my own supplies.",
    "Busy parent of two; I post jobs when life gets ahead of me.",
    "Eco-friendly products only, pet lover, references on request.",
    "Student working weekends. Careful, quick and tidy.",
    "Retired nurse: I notice the details others miss.",
    "",
]

# What the job is, by kind of clean: the titles people actually write.
TASKS = {
    "dust_up": [
        "Weekly tidy",
        "Quick dust and vacuum",
        "Light clean before guests arrive",
        "Dusting shelves and skirting boards",
        "Fortnightly freshen-up",
        "Hoover and wipe-down",
    ],
    "spot_clean": [
        "Kitchen and bathroom refresh",
        "Oven and hob degrease",
        "Post-party clean-up",
        "Carpet stain removal",
        "Inside the fridge and freezer",
        "Windows inside and out",
        "Limescale in the shower",
        "Balcony and patio sweep",
    ],
    "full_clean": [
        "Move-out deep clean",
        "End of tenancy clean",
        "Spring clean, top to bottom",
        "After-builders clean",
        "Deep clean before a new baby",
        "Holiday let turnover",
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
    "small office",
    "townhouse",
]
DETAILS = [
    "Supplies are under the sink; please bring your own microfibre cloths.",
    "We have a friendly cat who will want to supervise.",
    "Parking is free on the street after 9am.",
    "Keys are with the concierge; just give your name.",
    "The oven hasn't been cleaned since we moved in, so expect some work.",
    "Please use fragrance-free products: one of us has asthma.",
    "Hardwood floors throughout, so no steam mops please.",
    "Bathroom has a glass shower screen with limescale build-up.",
    "Happy to be flexible on the day; mornings suit us best.",
    "Second floor, no lift. Vacuum cleaner provided.",
    "Two dogs, so there is plenty of hair on the sofa and rugs.",
    "The windows are reachable from inside; no ladders needed.",
    "We're moving out on Friday and need the deposit back!",
    "Regular work for the right person if this goes well.",
]
# Hourly rates in dollars by kind of clean: (low, high).
RATES = {"dust_up": (15, 32), "spot_clean": (18, 48), "full_clean": (25, 85)}
