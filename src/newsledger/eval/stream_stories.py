"""Fictional stories for the multi-outlet stream generator (``eval/streamgen.py``).

Every place, person, company and outlet here is invented for newsledger; no text is taken from
any publisher. A story is written once as wire copy with ``{slot}`` figures; the generator
retells it as verbatim copies, edited copies, rewrites that credit the wire and updates with
changed figures. Stories that share an ``event`` are independent reports of one event by
different outlets (their own wording, overlapping facts): they must never be taken for copies.

Rules the generator checks: every ``quote`` appears verbatim in the paragraphs, every slot's
number appears once at most in any version, and a story's paragraphs hold no other number
equal to a slot's value.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Update:
    """A later version of the wire story: ``slot`` changes to ``value``; ``para`` goes after the lead."""

    slot: str
    value: int
    headline: str
    para: str


@dataclass(frozen=True)
class Story:
    key: str
    topic: str
    headline: str
    alt_headline: str  # the headline an editing outlet gives it
    paras: tuple[str, ...]
    values: dict[str, int]
    summary: str  # a rewrite's lead sentence, in other words, without final full stop
    quote: str  # a verbatim part of a quotation in ``paras``
    speaker: str  # who said it, for a rewrite ("the mayor, Ilse Brandt")
    update: Update | None = None
    event: str = ""  # stories with the same event are independent reports of it ("" = its own key)
    own_report: bool = False  # a newspaper's own reporting, not wire copy
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def event_key(self) -> str:
        return self.event or self.key


STORIES: tuple[Story, ...] = (
    # --- earthquakes ---------------------------------------------------------------------
    Story(
        key="quake-kerrow",
        topic="earthquake",
        headline="Earthquake in Kerrow Valley kills {toll}, dozens trapped",
        alt_headline="Deadly quake shakes Kerrow Valley villages",
        paras=(
            "A strong earthquake struck the Kerrow Valley before dawn on Tuesday, killing at least {toll} "
            "people and injuring {injured}, the regional civil protection agency said.",
            "The quake brought down a market hall and several stone houses in Lisbeck, the largest town in "
            "the valley, where rescuers worked through the morning with sniffer dogs.",
            "\u201cWe are still hearing voices under the rubble of the market,\u201d said Ilse Brandt, the "
            "mayor of Lisbeck. \u201cEvery hour counts now.\u201d",
            "Seismologists at the Marnbridge observatory put the magnitude at {magnitude_text} and said "
            "aftershocks were likely for several days.",
            "Schools across the valley will stay closed for the rest of the week, the education office said.",
        ),
        values={"toll": 12, "injured": 140},
        extra={"magnitude_text": "six point one"},
        summary="At least {toll} people died and {injured} were hurt when an earthquake hit the "
        "Kerrow Valley",
        quote="We are still hearing voices under the rubble of the market",
        speaker="the mayor of Lisbeck, Ilse Brandt",
        update=Update(
            slot="toll",
            value=19,
            headline="Kerrow Valley earthquake toll rises to {toll}",
            para="Rescue teams recovered more bodies from the collapsed market hall overnight, the "
            "agency said "
            "on Wednesday.",
        ),
    ),
    Story(
        key="quake-kerrow-herald",
        topic="earthquake",
        event="quake-kerrow",
        own_report=True,
        headline="Lisbeck digs through the night after valley quake",
        alt_headline="Lisbeck counts its dead",
        paras=(
            "In Lisbeck the shaking began a little after four in the morning. By sunrise {toll} people were "
            "known to be dead, neighbours said, and the old market hall was a heap of beams and slate.",
            "Our reporter saw volunteers passing bricks hand to hand while a crane from the quarry lifted "
            "the roof of the hall piece by piece.",
            "\u201cMy brother sells cheese in that hall,\u201d said Tomas Weil, a farmer from the "
            "hills above "
            "the town. \u201cNobody has seen him since yesterday.\u201d",
            "The regional hospital in Marnbridge said it had taken in more than {hospital} patients and "
            "asked for blood donors of every group.",
        ),
        values={"toll": 12, "hospital": 60},
        summary="Volunteers in Lisbeck searched the ruins of the market hall where {toll} people died",
        quote="My brother sells cheese in that hall",
        speaker="a farmer, Tomas Weil",
    ),
    Story(
        key="quake-sarth",
        topic="earthquake",
        headline="Quake damages {houses} homes on Sarth coast, no deaths reported",
        alt_headline="Sarth coast shaken, homes cracked",
        paras=(
            "An earthquake off the Sarth coast damaged {houses} homes on Thursday evening but caused no "
            "deaths, the coastal authority said.",
            "Fishermen in the harbour of Pellin said the water drew back from the quay for several minutes "
            "before returning, and the authority briefly ordered people away from the beaches.",
            "\u201cThe sea behaved strangely, but the wall held,\u201d said Agnes Corr, who runs the harbour "
            "office in Pellin.",
            "The authority said {families} families would spend the night in the sports hall while "
            "engineers inspected their houses.",
        ),
        values={"houses": 230, "families": 85},
        summary="Some {houses} homes were damaged but nobody died when a quake struck off the Sarth coast",
        quote="The sea behaved strangely, but the wall held",
        speaker="the Pellin harbour official Agnes Corr",
    ),
    Story(
        key="quake-dunmore",
        topic="earthquake",
        headline="Mine shaft collapses after tremor near Dunmore, {miners} miners rescued",
        alt_headline="Miners brought up alive after Dunmore tremor",
        paras=(
            "Rescuers brought {miners} miners to the surface on Saturday after a tremor caused part "
            "of a shaft "
            "to collapse at the Greyhill colliery near Dunmore, the mine operator said.",
            "The men had been trapped for most of the night in a ventilation gallery that stayed intact.",
            "\u201cThey walked out on their own feet, which is more than we dared to hope,\u201d said Rolf "
            "Amsel, the colliery's safety manager.",
            "The operator said it had suspended work in all shafts until inspectors had checked them.",
        ),
        values={"miners": 27},
        summary="All {miners} miners trapped by a tremor at the Greyhill colliery were brought out alive",
        quote="They walked out on their own feet",
        speaker="the colliery safety manager, Rolf Amsel",
    ),
    Story(
        key="quake-tolven",
        topic="earthquake",
        headline="Tolven earthquake cuts power to {homes_dark} homes",
        alt_headline="Tolven in the dark after quake",
        paras=(
            "A moderate earthquake in the Tolven hills cut power to {homes_dark} homes on Sunday, the grid "
            "operator Tolvenet said, and left a crack across the main road to the capital.",
            "Engineers restored electricity to most of the town of Aske by the evening, the company said.",
            "\u201cThe substation tripped exactly as it was designed to,\u201d said Hanna Sorbe, a Tolvenet "
            "spokeswoman. \u201cThe repairs are on the lines themselves.\u201d",
            "The road authority said the damaged stretch would stay closed to lorries until further notice.",
        ),
        values={"homes_dark": 41000},
        summary="An earthquake in the Tolven hills left {homes_dark} homes without electricity",
        quote="The substation tripped exactly as it was designed to",
        speaker="Tolvenet spokeswoman Hanna Sorbe",
    ),
    # --- elections -------------------------------------------------------------------------
    Story(
        key="election-marnbridge",
        topic="election",
        headline="Marnbridge mayor re-elected with {share} percent of the vote",
        alt_headline="Second term for Marnbridge mayor",
        paras=(
            "The mayor of Marnbridge, Petra Oslund, won a second term on Sunday with {share} percent of the "
            "vote, the city election board said.",
            "Turnout was {turnout} percent, the board said, up from the last municipal election.",
            "\u201cThis city chose to finish what we started on housing,\u201d Oslund told supporters at the "
            "riverside hall.",
            "Her challenger, the harbour councillor Jens Vahl, conceded before midnight and called for "
            "unity on the council.",
        ),
        values={"share": 58, "turnout": 64},
        summary="Petra Oslund was returned as mayor of Marnbridge with {share} percent of the vote",
        quote="This city chose to finish what we started on housing",
        speaker="Petra Oslund",
        update=Update(
            slot="turnout",
            value=66,
            headline="Final count confirms Oslund win in Marnbridge",
            para="The board published the final count on Monday after postal ballots were added.",
        ),
    ),
    Story(
        key="election-marnbridge-post",
        topic="election",
        event="election-marnbridge",
        own_report=True,
        headline="Oslund sweeps the river wards",
        alt_headline="How Oslund held Marnbridge",
        paras=(
            "Petra Oslund carried every ward along the river and took {share} percent overall, according to "
            "the figures the election board posted shortly after eleven.",
            "In the dockside wards, where her rival had campaigned hardest, the mayor still finished ahead "
            "by a comfortable margin, our analysis of the ward results shows.",
            "\u201cPeople here wanted the tram line, and she promised the tram line,\u201d said Ruth Kessel, "
            "a shopkeeper on Quay Street.",
            "Jens Vahl said he would stay on the council and keep pressing for a new fish market.",
        ),
        values={"share": 58},
        summary="Petra Oslund won every river ward and {share} percent of the vote in Marnbridge",
        quote="People here wanted the tram line",
        speaker="shopkeeper Ruth Kessel",
    ),
    Story(
        key="election-ostreland",
        topic="election",
        headline="Ostreland parliament vote: Greens gain {green_seats} seats",
        alt_headline="Green surge in Ostreland vote",
        paras=(
            "Ostreland's Green Alliance won {green_seats} seats in the national parliament on "
            "Sunday, more than "
            "doubling its share, preliminary results from the electoral commission showed.",
            "The governing Union party remained the largest group with {union_seats} seats but lost its "
            "majority and will need a partner to govern.",
            "\u201cThe voters have handed us a responsibility, not a trophy,\u201d said the Green leader, "
            "Mara Tillin.",
            "Coalition talks are expected to begin next week, after the commission certifies the result.",
        ),
        values={"green_seats": 34, "union_seats": 71},
        summary="The Green Alliance took {green_seats} seats in Ostreland's parliament, stripping the Union "
        "party of its majority",
        quote="The voters have handed us a responsibility, not a trophy",
        speaker="Green leader Mara Tillin",
    ),
    Story(
        key="election-fenmark",
        topic="election",
        headline="Fenmark referendum rejects new airport by narrow margin",
        alt_headline="No to the airport in Fenmark",
        paras=(
            "Voters in the province of Fenmark rejected plans for a second airport on Sunday, with "
            "{no_share} percent voting against, the provincial returning officer said.",
            "The project's backers had argued it would bring {jobs} jobs to the province.",
            "\u201cThe marsh stays a marsh,\u201d said Lena Hoff, who led the campaign against the airport.",
            "The provincial government said it would respect the result and shelve the plans.",
        ),
        values={"no_share": 52, "jobs": 3500},
        summary="Fenmark voted down a second airport, {no_share} percent against, in a provincial referendum",
        quote="The marsh stays a marsh",
        speaker="campaigner Lena Hoff",
    ),
    Story(
        key="election-halden",
        topic="election",
        headline="Halden council election annulled over {ballots} missing ballots",
        alt_headline="Halden must vote again",
        paras=(
            "A court in Halden annulled last month's council election on Wednesday after officials could not "
            "account for {ballots} postal ballots.",
            "The judge ordered a new vote within ninety days and appointed an independent observer to the "
            "count.",
            "\u201cThe error was in the process, not in anyone's intentions,\u201d said Karl Mertens, the "
            "town clerk.",
            "Three parties had challenged the result, which was decided by a handful of votes in one ward.",
        ),
        values={"ballots": 412},
        summary="A judge ordered Halden to vote again after {ballots} postal ballots went missing",
        quote="The error was in the process, not in anyone's intentions",
        speaker="town clerk Karl Mertens",
    ),
    # --- strikes ---------------------------------------------------------------------------
    Story(
        key="strike-aldane-docks",
        topic="strike",
        headline="Port Aldane dockers strike, {ships} ships held at anchor",
        alt_headline="Dock strike halts Port Aldane",
        paras=(
            "Dockers at Port Aldane walked out on Monday in a dispute over pay, leaving {ships} "
            "ships waiting "
            "at anchor, the port authority said.",
            "The dockers' union said {members} members had joined the stoppage and that picket lines would "
            "stay at every gate.",
            "\u201cWe will stay out until the offer matches the cost of living,\u201d said Mira Olden, the "
            "union's general secretary.",
            "The port authority said it had asked a mediator to bring both sides together.",
        ),
        values={"ships": 23, "members": 1800},
        summary="A walkout by {members} dockers has left ships queuing outside Port Aldane",
        quote="We will stay out until the offer matches the cost of living",
        speaker="union leader Mira Olden",
        update=Update(
            slot="ships",
            value=37,
            headline="Queue of ships outside Port Aldane grows to {ships}",
            para="The queue grew through Tuesday as container vessels arrived from the south, the "
            "authority said.",
        ),
    ),
    Story(
        key="strike-aldane-tribune",
        topic="strike",
        event="strike-aldane-docks",
        own_report=True,
        headline="On the picket line at Gate Four",
        alt_headline="Aldane dockers dig in",
        paras=(
            "At Gate Four the braziers were lit before dawn. Around them stood some of the {members} dockers "
            "who have stopped work at the port, stamping their boots against the cold.",
            "Several told this newspaper they had not had a pay rise in three years.",
            "\u201cMy rent went up twice and my wage did not move once,\u201d said Aaron Pike, a "
            "crane driver "
            "who has worked the docks for two decades.",
            "Lorry drivers waiting outside the port said they had been told to expect delays of days.",
        ),
        values={"members": 1800},
        summary="Dockers on the picket at Gate Four said {members} of them had stopped work",
        quote="My rent went up twice and my wage did not move once",
        speaker="crane driver Aaron Pike",
    ),
    Story(
        key="strike-rail-westmarch",
        topic="strike",
        headline="Westmarch rail strike cancels {trains} trains",
        alt_headline="Commuters stranded as rail staff strike",
        paras=(
            "A strike by signal staff cancelled {trains} trains across Westmarch on Thursday, the rail "
            "operator Westrail said.",
            "Commuters crowded onto replacement buses, and the operator advised passengers not to travel "
            "unless necessary.",
            "\u201cSafety staffing is not something we can trade away,\u201d said Odile Frane, who "
            "speaks for "
            "the signallers' union.",
            "Westrail said it regretted the disruption and remained open to talks.",
        ),
        values={"trains": 640},
        summary="Signal staff walked out in Westmarch, forcing Westrail to cancel {trains} trains",
        quote="Safety staffing is not something we can trade away",
        speaker="union spokeswoman Odile Frane",
    ),
    Story(
        key="strike-nurses-harrow",
        topic="strike",
        headline="Harrow nurses vote to strike after {months} months of talks",
        alt_headline="Harrow nurses back walkout",
        paras=(
            "Nurses at the three public hospitals in Harrow voted to strike on Friday after {months} "
            "months of "
            "failed talks over staffing, their association said.",
            "The association said {yes_share} percent of those who voted backed a walkout.",
            "\u201cWe are exhausted, and our patients can see it,\u201d said Beata Lind, a ward sister at "
            "Harrow General.",
            "The health board said emergency care would be maintained during any strike.",
        ),
        values={"months": 14, "yes_share": 87},
        summary="Nurses in Harrow backed a strike by {yes_share} percent after talks on staffing failed",
        quote="We are exhausted, and our patients can see it",
        speaker="ward sister Beata Lind",
    ),
    Story(
        key="strike-bus-kestrel",
        topic="strike",
        headline="Kestrel bus drivers end strike after {days} days",
        alt_headline="Buses back in Kestrel",
        paras=(
            "Bus drivers in Kestrel returned to work on Tuesday after a {days}-day strike, having accepted a "
            "new pay offer, the city transport company said.",
            "The deal raises wages in two steps over the next year, the drivers' union said.",
            "\u201cIt is not everything we asked for, but it is a fair deal,\u201d said Milan Hesse, the "
            "union's local organiser.",
            "The company said all routes would run to the normal timetable from the evening.",
        ),
        values={"days": 11},
        summary="Kestrel's bus drivers ended their strike after {days} days and accepted a pay deal",
        quote="It is not everything we asked for, but it is a fair deal",
        speaker="union organiser Milan Hesse",
    ),
    # --- company results ---------------------------------------------------------------------
    Story(
        key="results-norrvik-steel",
        topic="company results",
        headline="Norrvik Steel profit falls to {profit} million crowns",
        alt_headline="Weak demand hits Norrvik Steel",
        paras=(
            "Norrvik Steel said on Wednesday that its annual profit fell to {profit} million crowns "
            "as demand "
            "from builders weakened.",
            "Sales dropped to {sales} million crowns, the company said in its annual report.",
            "\u201cThe building slowdown reached us later than others, and it reached us hard,\u201d "
            "said the "
            "chief executive, Ingrid Falk.",
            "The board proposed a smaller dividend and said it would close one of its rolling mills.",
        ),
        values={"profit": 310, "sales": 4200},
        summary="Norrvik Steel's profit dropped to {profit} million crowns on weaker construction demand",
        quote="The building slowdown reached us later than others",
        speaker="chief executive Ingrid Falk",
    ),
    Story(
        key="results-bellweather",
        topic="company results",
        headline="Bellweather Foods raises forecast after sales jump to {sales} million",
        alt_headline="Bellweather Foods lifts outlook",
        paras=(
            "Bellweather Foods raised its forecast for the year on Tuesday after quarterly sales rose to "
            "{sales} million euros, helped by its frozen meals range.",
            "The company now expects operating profit of about {profit} million euros for the year.",
            "\u201cShoppers are cooking less and buying better,\u201d the chief financial officer, "
            "Oskar Brun, "
            "told analysts on a call.",
            "Shares in the company rose in early trading.",
        ),
        values={"sales": 880, "profit": 145},
        summary="Bellweather Foods lifted its outlook as quarterly sales climbed to {sales} million euros",
        quote="Shoppers are cooking less and buying better",
        speaker="finance chief Oskar Brun",
    ),
    Story(
        key="results-lumen-air",
        topic="company results",
        headline="Lumen Air carries record {passengers} million passengers",
        alt_headline="Record year for Lumen Air",
        paras=(
            "Lumen Air flew a record {passengers} million passengers last year, the airline said on Monday, "
            "and returned to profit.",
            "Net profit was {profit} million euros, against a loss the year before.",
            "\u201cWe filled our planes without cutting our fares,\u201d said the chief executive, "
            "Viktor Saar.",
            "The airline said it would add routes to the southern islands in the summer.",
        ),
        values={"passengers": 17, "profit": 96},
        summary="Lumen Air returned to profit after a record {passengers} million passengers",
        quote="We filled our planes without cutting our fares",
        speaker="chief executive Viktor Saar",
        update=Update(
            slot="profit",
            value=91,
            headline="Lumen Air restates profit at {profit} million euros",
            para="The airline corrected its profit figure on Tuesday after an accounting review.",
        ),
    ),
    Story(
        key="results-corvane-bank",
        topic="company results",
        headline="Corvane Bank sets aside {provisions} million for bad loans",
        alt_headline="Corvane Bank braces for defaults",
        paras=(
            "Corvane Bank set aside {provisions} million crowns for bad loans in the third quarter, it said "
            "on Thursday, citing rising defaults among small firms.",
            "Quarterly profit fell to {profit} million crowns, below what analysts had expected.",
            "\u201cWe would rather be early than sorry,\u201d said Greta Lund, the bank's chief risk "
            "officer.",
            "The bank kept its dividend policy unchanged.",
        ),
        values={"provisions": 520, "profit": 175},
        summary="Corvane Bank put aside {provisions} million crowns against loans going bad",
        quote="We would rather be early than sorry",
        speaker="chief risk officer Greta Lund",
    ),
    # --- floods ------------------------------------------------------------------------------
    Story(
        key="flood-velm",
        topic="flood",
        headline="Velm river floods force {evacuated} from their homes",
        alt_headline="Velm bursts its banks",
        paras=(
            "The Velm river burst its banks on Friday after three days of heavy rain, forcing {evacuated} "
            "people from their homes, the regional flood office said.",
            "Water reached the first floors of houses in the old town of Brask, and the army sent boats to "
            "help with evacuations.",
            "\u201cWe have never seen the river this high in my lifetime,\u201d said Emil Rask, who has "
            "farmed beside the Velm for forty years.",
            "The flood office said the river was expected to peak overnight.",
        ),
        values={"evacuated": 2300},
        summary="Some {evacuated} people fled their homes as the Velm burst its banks",
        quote="We have never seen the river this high in my lifetime",
        speaker="farmer Emil Rask",
        update=Update(
            slot="evacuated",
            value=3100,
            headline="Velm floods: {evacuated} now evacuated",
            para="More villages downstream were cleared on Saturday as the water kept rising.",
        ),
    ),
    Story(
        key="flood-velm-courier",
        topic="flood",
        event="flood-velm",
        own_report=True,
        headline="Brask under water: a town rows to safety",
        alt_headline="Boats in the streets of Brask",
        paras=(
            "By noon the main square of Brask was a lake, and the only way out of the old town was by boat. "
            "Officials said {evacuated} people had left their homes along the Velm.",
            "Soldiers steered flat-bottomed boats between the houses while families handed down children "
            "and dogs from upstairs windows.",
            "\u201cWe packed the photographs first and the food second,\u201d said Clara Voss, a "
            "schoolteacher, as she climbed into a boat with her two sons.",
            "The sports hall on the hill above the town was turned into a shelter.",
        ),
        values={"evacuated": 2300},
        summary="Soldiers ferried families out of Brask as {evacuated} people left their homes",
        quote="We packed the photographs first and the food second",
        speaker="schoolteacher Clara Voss",
    ),
    Story(
        key="flood-tessaly",
        topic="flood",
        headline="Flash flood in Tessaly gorge kills {deaths} hikers",
        alt_headline="Hikers swept away in Tessaly gorge",
        paras=(
            "A flash flood swept through the Tessaly gorge on Sunday afternoon, killing {deaths} hikers, the "
            "mountain rescue service said.",
            "A group of {rescued} others was lifted from a ledge by helicopter.",
            "\u201cThe water came down the gorge like a wall,\u201d said Jonas Riel, a rescue team leader.",
            "The park authority closed all trails in the gorge until further notice.",
        ),
        values={"deaths": 4, "rescued": 16},
        summary="{deaths} hikers died when a flash flood tore through the Tessaly gorge",
        quote="The water came down the gorge like a wall",
        speaker="rescue team leader Jonas Riel",
    ),
    Story(
        key="flood-coastline",
        topic="flood",
        headline="Storm surge floods {streets} streets in Saltmere",
        alt_headline="Sea pours into Saltmere",
        paras=(
            "A storm surge flooded {streets} streets in the seaside town of Saltmere on Wednesday night, the "
            "town council said, after waves broke over the promenade.",
            "Firefighters pumped water from basements until the early hours.",
            "\u201cThe sandbags bought us an hour, no more,\u201d said Nils Ekberg, the council's emergency "
            "planner.",
            "The council asked residents to report damage so that it could apply for national relief funds.",
        ),
        values={"streets": 48},
        summary="Waves broke over Saltmere's promenade and flooded {streets} streets",
        quote="The sandbags bought us an hour, no more",
        speaker="emergency planner Nils Ekberg",
    ),
    Story(
        key="flood-greyfield",
        topic="flood",
        headline="Greyfield dam release floods {hectares} hectares of farmland",
        alt_headline="Farmers count losses after Greyfield dam release",
        paras=(
            "An emergency release from the Greyfield dam flooded {hectares} hectares of farmland on "
            "Monday, the "
            "water board said, after the reservoir rose faster than forecast.",
            "Farmers said winter wheat and newly planted potatoes were lost.",
            "\u201cWe had to choose between the fields and the town, and we chose the town,\u201d said the "
            "water board's director, Sabine Krohn.",
            "The board said farmers would be compensated under the national flood scheme.",
        ),
        values={"hectares": 1900},
        summary="Farmland covering {hectares} hectares went under water after the Greyfield dam was opened",
        quote="We had to choose between the fields and the town",
        speaker="water board director Sabine Krohn",
    ),
    # --- conflict ----------------------------------------------------------------------------
    Story(
        key="conflict-ryzan-shelling",
        topic="conflict",
        headline="Shelling of Ryzan border town kills {civilians} civilians, officials say",
        alt_headline="Ryzan border town shelled",
        paras=(
            "Artillery fire struck the border town of Kavo overnight, killing {civilians} civilians, the "
            "regional governor's office said on Saturday.",
            "The office said a school and a grain store were hit, and that {wounded} people were treated in "
            "hospital.",
            "\u201cThere was no military target anywhere near that school,\u201d said the governor, Dara "
            "Pell, in a video statement.",
            "The claims could not be independently verified. The other side did not comment.",
        ),
        values={"civilians": 9, "wounded": 31},
        summary="Officials in the border region said {civilians} civilians died when shells hit Kavo",
        quote="There was no military target anywhere near that school",
        speaker="regional governor Dara Pell",
        update=Update(
            slot="civilians",
            value=13,
            headline="Kavo shelling toll rises to {civilians}",
            para="Four of the wounded died in hospital on Sunday, the governor's office said.",
        ),
    ),
    Story(
        key="conflict-ryzan-gazette",
        topic="conflict",
        event="conflict-ryzan-shelling",
        own_report=True,
        headline="In Kavo, the school bell stays silent",
        alt_headline="Kavo buries its dead",
        paras=(
            "The school in Kavo lost its roof and most of its windows in the night. Local officials told "
            "this newspaper that {civilians} civilians were killed across the town.",
            "Teachers spent the morning carrying desks out of the ruined classrooms into the yard.",
            "\u201cWe will teach in the yard if we have to,\u201d said the headteacher, Olek Varn.",
            "Residents said the shelling came in two waves about an hour apart.",
        ),
        values={"civilians": 9},
        summary="Kavo's school was wrecked by shelling that killed {civilians} civilians, officials said",
        quote="We will teach in the yard if we have to",
        speaker="headteacher Olek Varn",
    ),
    Story(
        key="conflict-drone-depot",
        topic="conflict",
        headline="Drone strike hits fuel depot near Sorrow Ford, military says",
        alt_headline="Fuel depot ablaze after drone attack",
        paras=(
            "The army said on Tuesday that its drones had struck a fuel depot near Sorrow Ford, destroying "
            "{tanks} storage tanks.",
            "Satellite images published by a private company showed thick smoke over the site.",
            "\u201cThe depot supplied the whole southern front,\u201d said Colonel Marek Dusz, a military "
            "spokesman.",
            "The claim could not be independently confirmed.",
        ),
        values={"tanks": 8},
        summary="The army said its drones had destroyed {tanks} fuel tanks at a depot near Sorrow Ford",
        quote="The depot supplied the whole southern front",
        speaker="military spokesman Colonel Marek Dusz",
    ),
    Story(
        key="conflict-prisoner-swap",
        topic="conflict",
        headline="Warring sides exchange {prisoners} prisoners",
        alt_headline="Prisoner swap brings soldiers home",
        paras=(
            "The two sides exchanged {prisoners} prisoners of war on Friday in a swap brokered by the "
            "Harrow Mediation Council, officials said.",
            "Buses carried the released men across a bridge that had been closed for months.",
            "\u201cEvery man who came home today is a promise kept,\u201d said the mediator, Johanna Veit.",
            "It was the third such exchange this year.",
        ),
        values={"prisoners": 150},
        summary="A swap brokered in Harrow returned {prisoners} prisoners of war to each side",
        quote="Every man who came home today is a promise kept",
        speaker="mediator Johanna Veit",
    ),
    Story(
        key="conflict-refugees",
        topic="conflict",
        headline="{refugees} refugees cross into Fenmark in a week, agency says",
        alt_headline="Refugees stream into Fenmark",
        paras=(
            "Some {refugees} people fled across the border into Fenmark in the past week, the provincial "
            "refugee agency said on Monday, most of them women and children.",
            "The agency opened a second reception centre in a disused barracks.",
            "\u201cThey arrive with a bag each and nothing else,\u201d said the agency's director, "
            "Tove Aren.",
            "The agency appealed for blankets, baby food and volunteer interpreters.",
        ),
        values={"refugees": 6400},
        summary="The Fenmark refugee agency said {refugees} people had crossed the border in a week",
        quote="They arrive with a bag each and nothing else",
        speaker="agency director Tove Aren",
    ),
    # --- health -----------------------------------------------------------------------------
    Story(
        key="health-measles-harrow",
        topic="health",
        headline="Measles cases in Harrow rise to {cases}",
        alt_headline="Measles spreads in Harrow schools",
        paras=(
            "Confirmed measles cases in Harrow rose to {cases} this week, the county health office said on "
            "Thursday, most of them among unvaccinated children.",
            "The office said {schools} schools had reported at least one case.",
            "\u201cTwo doses of vaccine protect almost every child,\u201d said Dr Leni Strand, the county's "
            "public health director.",
            "Free vaccination clinics will open on Saturday at the town hall and the library.",
        ),
        values={"cases": 47, "schools": 9},
        summary="Harrow's health office counted {cases} measles cases, mostly unvaccinated children",
        quote="Two doses of vaccine protect almost every child",
        speaker="public health director Dr Leni Strand",
        update=Update(
            slot="cases",
            value=58,
            headline="Harrow measles outbreak grows to {cases} cases",
            para="The health office reported the new cases on Monday after weekend testing.",
        ),
    ),
    Story(
        key="health-measles-echo",
        topic="health",
        event="health-measles-harrow",
        own_report=True,
        headline="Queues at Harrow clinic as parents rush to vaccinate",
        alt_headline="Harrow parents queue for jabs",
        paras=(
            "The queue outside the town hall clinic stretched around the block by nine. With {cases} measles "
            "cases confirmed in the county, parents said they were not taking chances.",
            "Nurses said they had vaccinated more children in one morning than in a normal month.",
            "\u201cI put it off for a year and now I feel foolish,\u201d said Paula Brenn, holding her "
            "daughter's hand.",
            "The clinic will stay open late all week, the health office said.",
        ),
        values={"cases": 47},
        summary="Parents queued to vaccinate their children as Harrow's measles cases reached {cases}",
        quote="I put it off for a year and now I feel foolish",
        speaker="parent Paula Brenn",
    ),
    Story(
        key="health-hospital-waits",
        topic="health",
        headline="Westmarch hospital waiting list reaches {waiting}",
        alt_headline="Record waits at Westmarch hospitals",
        paras=(
            "The number of patients waiting for planned surgery in Westmarch reached {waiting}, the regional "
            "health authority said on Wednesday, the highest since records began.",
            "The authority blamed a shortage of anaesthetists and a winter surge in emergency admissions.",
            "\u201cEvery one of those numbers is a person in pain,\u201d said Dr Arne Holt, who chairs the "
            "regional doctors' council.",
            "The authority said it would rent operating theatres from private clinics.",
        ),
        values={"waiting": 38000},
        summary="A record {waiting} patients are waiting for planned operations in Westmarch",
        quote="Every one of those numbers is a person in pain",
        speaker="Dr Arne Holt of the regional doctors' council",
    ),
    Story(
        key="health-water-outbreak",
        topic="health",
        headline="{sick} fall ill after water contamination in Eastbrook",
        alt_headline="Boil-water notice in Eastbrook",
        paras=(
            "At least {sick} people in Eastbrook fell ill with stomach infections after the town's water "
            "supply was contaminated, the water company said on Sunday.",
            "Residents were told to boil tap water until further notice.",
            "\u201cWe found the fault in a pumping station and we have isolated it,\u201d said Kristof Lamm, "
            "the water company's operations director.",
            "Bottled water was handed out at the market square.",
        ),
        values={"sick": 210},
        summary="A contaminated water supply left at least {sick} people in Eastbrook ill",
        quote="We found the fault in a pumping station",
        speaker="water company operations director Kristof Lamm",
    ),
    Story(
        key="health-flu-vaccine",
        topic="health",
        headline="Flu vaccine uptake among over-65s falls to {uptake} percent",
        alt_headline="Fewer older people get flu jab",
        paras=(
            "Only {uptake} percent of people over 65 in Ostreland had a flu vaccine this winter, the "
            "national "
            "health institute said on Tuesday, down from the previous season.",
            "The institute said it would send reminder letters to every household with an older resident.",
            "\u201cComplacency is the most dangerous strain of all,\u201d said the institute's director, "
            "Dr Mirela Thal.",
            "Pharmacies will offer the vaccine without an appointment until the end of the month.",
        ),
        values={"uptake": 61},
        summary="Flu vaccination among Ostreland's over-65s slipped to {uptake} percent",
        quote="Complacency is the most dangerous strain of all",
        speaker="institute director Dr Mirela Thal",
    ),
    # --- wildfire and storm --------------------------------------------------------------------
    Story(
        key="wildfire-summit",
        topic="wildfire",
        headline="Wildfire near Summit Pass burns {burned} hectares",
        alt_headline="Summit Pass fire forces road closure",
        paras=(
            "A wildfire near Summit Pass burned {burned} hectares of pine forest by Friday evening, the fire "
            "service said, and closed the mountain road.",
            "About {firefighters} firefighters and four water-bombing planes were at the scene.",
            "\u201cThe wind decides what happens tonight, not us,\u201d said the fire chief, Ola Brekk.",
            "Holiday cabins on the eastern slope were evacuated as a precaution.",
        ),
        values={"burned": 750, "firefighters": 120},
        summary="Firefighters battled a blaze that has burned {burned} hectares near Summit Pass",
        quote="The wind decides what happens tonight, not us",
        speaker="fire chief Ola Brekk",
        update=Update(
            slot="burned",
            value=1300,
            headline="Summit Pass wildfire spreads to {burned} hectares",
            para="Strong winds pushed the fire across a firebreak during the night.",
        ),
    ),
    Story(
        key="storm-portside",
        topic="storm",
        headline="Storm Edda leaves {without_power} homes without power",
        alt_headline="Storm Edda batters the coast",
        paras=(
            "Storm Edda brought down trees and power lines along the northern coast on Monday, leaving "
            "{without_power} homes without electricity, the grid operator said.",
            "Ferries between Portside and the islands were cancelled for the day.",
            "\u201cOur crews will work through the night, but some villages will wait until tomorrow,\u201d "
            "said Lise Dahl, a spokeswoman for the grid operator.",
            "The weather service warned of more gales on Tuesday.",
        ),
        values={"without_power": 56000},
        summary="Gales from Storm Edda cut electricity to {without_power} homes on the northern coast",
        quote="Our crews will work through the night",
        speaker="grid spokeswoman Lise Dahl",
    ),
)
