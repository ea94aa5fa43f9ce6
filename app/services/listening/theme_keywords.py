"""The shared theme taxonomy as the suggestion engine knows it.

Each theme's slug, name and the British-English words and phrases that point to it. Data only:
``suggestions`` does the matching."""

from dataclasses import dataclass


@dataclass(frozen=True)
class ThemeInfo:
    slug: str
    name: str
    keywords: tuple[str, ...]


def _theme(slug: str, name: str, keywords: str) -> ThemeInfo:
    return ThemeInfo(slug, name, tuple(keyword.strip() for keyword in keywords.split(",")))


# fmt: off
DEFAULT_THEMES: tuple[ThemeInfo, ...] = (
    _theme("moving-around", "Moving around", (
        "walk, walking route, on foot, cycle, cycling, cycle lane, bike, pavement, footpath, crossing, "
        "pedestrian, wheelchair, kerb, dropped kerb, pushchair, mobility scooter, step-free, get around, "
        "getting about, disabled access, accessible"
    )),
    _theme("public-transport", "Public transport", (
        "bus, bus stop, bus service, bus route, bus pass, bus shelter, timetable, train, railway, rail, "
        "station, platform, tram, fare, public transport, community transport, cancelled, coach"
    )),
    _theme("traffic-and-parking", "Traffic and parking", (
        "traffic, car, drive, lorry, van, gridlock, speeding, speed bump, speed limit, 20mph, parking, "
        "parked, pavement parking, rat run, congestion, queue, junction, roundabout, fumes, air pollution, "
        "road safety, school run, commuter, motorway, bypass"
    )),
    _theme("streets-and-spaces", "Streets and spaces", (
        "high street, town centre, square, bench, somewhere to sit, shopfront, boarded up, empty shop, "
        "underpass, planter, public space, building, derelict, parade, precinct, concrete, lighting, "
        "architecture, street scene, look of the place"
    )),
    _theme("natural-space", "Natural space", (
        "park, green space, wood, woodland, tree, nature, wildlife, meadow, wildflower, river, brook, "
        "canal, towpath, pond, lake, countryside, field, allotment, garden, fresh air, bird, greenery"
    )),
    _theme("play-and-recreation", "Play and recreation", (
        "play, playground, play area, swing, slide, leisure centre, swimming, pool, sport, football, "
        "pitch, gym, skate park, splash park, something to do, things to do, nothing to do, activity, "
        "recreation, leisure, tennis"
    )),
    _theme("facilities-and-amenities", "Facilities and amenities", (
        "library, post office, gp, doctor, surgery, appointment, dentist, nhs, pharmacy, chemist, "
        "hospital, school, nursery, supermarket, shop, community centre, health centre, bank, amenities, "
        "facilities, launderette, cash machine"
    )),
    _theme("work-and-local-economy", "Work and local economy", (
        "job, work, employment, unemployed, employer, factory, business, local economy, apprenticeship, "
        "career, training, skills, qualifications, zero hours, warehouse, business rates, market, "
        "independent shops, part-time, self-employed, closed down, wages, income"
    )),
    _theme("housing-and-community", "Housing and community", (
        "housing, house, flat, landlord, rent, tenant, council home, council house, social housing, "
        "waiting list, mould, damp, hmo, overcrowded, affordable, neighbour, neighbourhood, close-knit, "
        "eviction, homeless, temporary accommodation, housing association"
    )),
    _theme("social-contact", "Social contact", (
        "lonely, loneliness, isolated, isolation, friend, meet people, no one to talk to, "
        "someone to talk to, lunch club, coffee morning, get together, street party, social, "
        "community group, day centre, chat, company, say hello, befriending, visitor, housebound, "
        "on my own, live alone"
    )),
    _theme("identity-and-belonging", "Identity and belonging", (
        "belong, belonging, proud, pride, feel like home, feel at home, identity, heritage, history, "
        "character, sense of community, where i'm from, outsider, community spirit, born here, "
        "grew up here, tradition, fit in, roots, culture, community pride, incomer"
    )),
    _theme("feeling-safe", "Feeling safe", (
        "safe, safety, unsafe, feel safe, crime, police, gang, drug, dealing, anti-social behaviour, "
        "antisocial, burglary, theft, stabbing, knife, violence, after dark, scared, afraid, frightened, "
        "followed, walk alone, cctv, mugged"
    )),
    _theme("care-and-maintenance", "Care and maintenance", (
        "pothole, litter, rubbish, fly-tipping, bin, collection, graffiti, repair, broken, streetlight, "
        "street light, maintenance, neglected, grass cutting, verge, hedge, overgrown, dog mess, drain, "
        "flood, dirty, run down, weeds, dumped, uncollected"
    )),
    _theme("influence-and-sense-of-control", "Influence and sense of control", (
        "council, councillor, consultation, have a say, listen, decision, decide, vote, "
        "residents association, petition, get involved, nobody asks, our views, feedback, no response, "
        "change things, mp, town hall, never listens, no one listens, not listened"
    )),
    _theme("migration-and-asylum", "Migration and asylum", (
        "asylum, asylum seeker, refugee, migrant, immigrant, immigration, migration, new arrivals, "
        "newcomer, home office, asylum hotel, visa, english classes, esol, right to work, border, "
        "foreigner, small boats, resettlement, deported"
    )),
    _theme("hate-crime-and-prejudice", "Hate crime and prejudice", (
        "racist, racism, racial, abuse, hate crime, prejudice, discrimination, called names, slur, "
        "shouted at, harassment, homophobic, transphobic, islamophobia, antisemitism, skin colour, insult, "
        "spat at, intimidated, targeted, bigot, hate, xenophobia"
    )),
    _theme("cost-of-living", "Cost of living", (
        "cost of living, bill, energy bills, heating, food bank, afford, price, expensive, debt, wage, "
        "low pay, benefit, universal credit, poverty, skint, warm space, warm bank, make ends meet, "
        "heat or eat, meter, money, struggling"
    )),
    _theme("young-people", "Young people", (
        "teenager, young people, youth, youth club, kid, lad, student, college, youth worker, "
        "county lines, mental health, teen, young person, hang around, nowhere to go, grooming, "
        "exploitation, year olds"
    )),
    _theme("faith-and-belief", "Faith and belief", (
        "church, mosque, gurdwara, temple, synagogue, faith, religion, religious, worship, prayer, vicar, "
        "imam, ramadan, eid, diwali, christmas, place of worship, christian, muslim, jewish, hindu, sikh, "
        "headscarf, hijab, interfaith"
    )),
    _theme("online-harms-and-misinformation", "Online harms and misinformation", (
        "online, social media, facebook, whatsapp, tiktok, fake news, rumour, misinformation, "
        "disinformation, scam, fake, group chat, internet, cyberbullying, extremist, radicalisation, "
        "conspiracy, video, viral, posted, troll, app"
    )),
    _theme("shared-spaces-and-mixing", "Shared spaces and mixing", (
        "mixing, come together, together, integration, different backgrounds, every background, "
        "all backgrounds, divided, segregated, separate, keep to themselves, festival, community event, "
        "meet each other, bring people together, different communities, get on well, get along, "
        "multicultural, diversity, different cultures, us and them, cohesion"
    )),
)
# fmt: on

PLACE_STANDARD_SLUGS: tuple[str, ...] = tuple(theme.slug for theme in DEFAULT_THEMES[:14])
