"""Word lists behind the name and address rules of the redactor, kept apart from the rules themselves.

The first-name list is built from ONS statistics (``first_names_build``) and read once. Everything here is a
``frozenset`` so each check is one hash lookup, however long the lists grow.
"""

from functools import lru_cache
from pathlib import Path

FIRST_NAMES_PATH = Path(__file__).parent / "redaction_data" / "first_names.txt"


def words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Everyday short forms that birth registrations rarely hold but residents write all the time.
NICKNAMES = words("""
    al alf alfie andy annie baz bev bex bill billy bob bobby brian bri chaz chris col dan danny dave davey del
    den des di dot ed eddie fran fred gaz geoff gerry gill gina jackie jan jen jenny jill jim jimmy jo joe
    jon kath kaz kez kel kev lenny les lil liz mags mal maz mel mick micky mo nat nick nicky nige pat pete
    phil rob robbie ron ronnie ros sal sandra shaz shell sid steph steve stu sue suze tel terry tez tony
    tracey trev val vic viv wendy
""")

# Ordinary words: a capitalised one is a name only after a strong cue ("my name is", a title). The list is
# the commonest English words plus the words of local life that residents capitalise.
COMMON_WORDS = words("""
    a about above across after again against all almost alone along already also always am among an and
    another any anyone anything anyway are area around as ask at away back bad be because been before
    being below best better between big bit both bring but by call came can cannot care case change
    child children city close come coming could council country course day days dead did different do
    does doing done down during each early end enough even evening ever every everyone everything eye
    face fact family far feel few find first for found free friend from full get give go going gone good
    got great group had hand happy hard has have having he head hear help her here high him his home
    hope house how however i if important in into is it its just keep kind know large last late later
    least leave left less let life like little live local long look lot lots love made make man many may
    me mean men might mind more morning most much must my name need never new next nice night no nobody
    none nor not nothing now number of off often old on once one only open or other our out over own
    park part past people person place play point police poor problem public put quite rather real
    really right road room round said same saw say school see seem seen set she should show side since
    small so some someone something sometimes soon sort still street such sure take talk than thank
    thanks that the their them then there these they thing things think this those though thought
    through time to today together told too took town try turn two under until up upon us use used very
    want was way we week well went were what when where whether which while who whole why will with
    without woman women word words work world would year years yes yet you young your
    monday tuesday wednesday thursday friday saturday sunday january february march april may june july
    august september october november december spring summer autumn winter christmas easter
    north south east west northern southern central upper lower new old great little
    black white brown green grey gray red blue gold golden silver rose amber pink violet
    faith grace hope joy glory honour honor justice liberty mercy patience charity unity trinity
    bill mark will sunny rich frank guy dawn summer winter crystal diamond pearl ruby jade ivy holly
    heather hazel iris lily poppy daisy willow river rain storm sky star stone brook dale glen
    king queen prince princess duke earl lord lady major royal noble angel baby honey sugar candy
    cash penny chance miles cliff grant heath hill hall lane marsh field ford wood forest bay bell
    art page reed rush hunter bishop dean mason taylor cook fisher miller baker turner carter
    jordan chelsea florence victoria paris sydney london lincoln chester kendal devon india georgia
    carolina austin phoenix jersey dakota sahara asia africa america ireland
    christian muslim jewish hindu sikh catholic
    ramadan diwali eid vaisakhi hanukkah navratri mela pride windrush jubilee
    age sure earth shadow legend ocean maple nova echo zen unique true blessed lucky
    ask contact speak ring phone text email message
""")

# Capitalised words that follow "I'm" or "I am" to say what someone is, not who ("I'm Christian").
NOT_AFTER_IM = COMMON_WORDS | words("""
    british english welsh scottish irish polish romanian pakistani indian bangladeshi somali nigerian
    black white asian mixed gay lesbian bi trans disabled deaf blind autistic retired unemployed
    single married divorced widowed pregnant worried scared proud glad sorry afraid tired fed
    muslim christian jewish hindu sikh buddhist catholic atheist
""")

# Words that end a name: what comes after them is a place or an organisation, not a person.
ORG_WORDS = words("""
    road rd street st avenue ave lane ln close drive dr way court crescent place grove gardens terrace
    walk row hill square mews view rise parade green park wharf croft fold gate vale end meadow meadows
    chase boulevard quay yard bank brow approach path passage estate
    house tower towers lodge mansions heights point building block cottage cottages flats apartments
    centre center church chapel mosque temple gurdwara synagogue cathedral abbey school academy college
    university primary nursery library hospital surgery hall club council uk trust society association
    foundation group network project partnership charity cic ltd limited services service team market
    station ward baptist methodist community pub inn arms hotel cafe shop stores store palace line stadium
    arena theatre museum gallery bridge army
""")

# Words that name a place when they come before a name: "St Mary's", "Mount Pleasant", "Lake Victoria".
PLACE_BEFORE = words("st saint mount lake port fort cape the")

# Function words that never start or continue a name, even when capitalised after "call me".
NOT_NAMES = words("""
    a about after again an and any anytime as at back because before but by for from he her here him his i
    if in is it just later me mine my no not now of on once only or please really she so soon that the
    their them then there they this to today tomorrow tonight too up was we what when whenever where
    whatever who why with you your anonymous unknown none nothing private
    monday tuesday wednesday thursday friday saturday sunday morning afternoon evening
""")

# Surnames that are also common words: after a title they are names ("Mrs Brown", "Mr Hill").
SURNAME_WORDS = words("""
    black white brown green grey gray young king hill wood hall lane marsh field ford bell cook fisher
    miller baker turner carter taylor mason reed rush hunter bishop dean page grant heath cliff rich
    rose frank long short little small strong price stone brook dale glen may
""")


@lru_cache(maxsize=1)
def first_names() -> frozenset[str]:
    """The shipped first names (lower case) and everyday short forms."""
    lines = FIRST_NAMES_PATH.read_text(encoding="utf-8").splitlines()
    return frozenset(line for line in lines if line and not line.startswith("#")) | NICKNAMES


@lru_cache(maxsize=1)
def bare_names() -> frozenset[str]:
    """First names that count as a name with no cue at all: the list less every ordinary word."""
    return first_names() - COMMON_WORDS
