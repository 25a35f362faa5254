# ruff: noqa: E501  (prose: one paragraph a line reads and diffs best)
"""The demo's texts: a few short, factual articles per theme and one learning module, in
English, Dutch and Danish. Modest on purpose: no medical claims, and each points to help."""

# (theme, slug, audience, {language: (title, summary, body)})
ARTICLES = [
    (
        "after-a-heavy-incident",
        "the-first-days",
        "everyone",
        {
            "en": (
                "The first days after an incident",
                "Many reactions are normal and fade with time.",
                "After a shocking event many people notice restless sleep, images that come back, irritability or feeling flat. These are common reactions of a healthy mind to an abnormal event.\n\nWhat often helps:\n\n- keep your usual rhythm of sleeping, eating and moving;\n- talk with someone you trust, when you want to;\n- be careful with alcohol to get to sleep.\n\nIf the reactions are still strong after about four weeks, or you are worried, talk to peer support or a psychologist.",
            ),
            "nl": (
                "De eerste dagen na een incident",
                "Veel reacties zijn normaal en nemen met de tijd af.",
                "Na een schokkende gebeurtenis merken veel mensen dat ze onrustig slapen, beelden terugzien, prikkelbaar zijn of zich vlak voelen. Dat zijn gewone reacties van een gezond hoofd op een ongewone gebeurtenis.\n\nWat vaak helpt:\n\n- houd je gewone ritme van slapen, eten en bewegen vast;\n- praat met iemand die je vertrouwt, als je dat wilt;\n- wees voorzichtig met alcohol om in slaap te komen.\n\nZijn de reacties na ongeveer vier weken nog sterk, of maak je je zorgen, praat dan met collegiale ondersteuning of een psycholoog.",
            ),
            "da": (
                "De første dage efter en hændelse",
                "Mange reaktioner er normale og aftager med tiden.",
                "Efter en voldsom hændelse oplever mange uro i søvnen, billeder der vender tilbage, irritabilitet eller en følelse af tomhed. Det er almindelige reaktioner fra et sundt sind på en unormal hændelse.\n\nDet hjælper ofte at:\n\n- holde fast i din vante rytme med søvn, mad og bevægelse;\n- tale med en, du har tillid til, når du har lyst;\n- være varsom med alkohol for at falde i søvn.\n\nEr reaktionerne stadig stærke efter omkring fire uger, eller er du bekymret, så tal med kollegastøtten eller en psykolog.",
            ),
        },
    ),
    (
        "after-a-heavy-incident",
        "talking-about-it",
        "everyone",
        {
            "en": (
                "Talking about it, or not",
                "You decide when and with whom.",
                "Some people want to tell the story several times; others prefer not to. Both are fine. Nobody has to share details in a group.\n\nA colleague from peer support knows the work and listens without judging. What you tell them stays between you, unless you agree otherwise.",
            ),
            "nl": (
                "Erover praten, of niet",
                "Jij bepaalt wanneer en met wie.",
                "Sommige mensen willen het verhaal een paar keer vertellen; anderen liever niet. Beide is goed. Niemand hoeft in een groep details te delen.\n\nEen collega van collegiale ondersteuning kent het werk en luistert zonder oordeel. Wat je vertelt blijft tussen jullie, tenzij je samen iets anders afspreekt.",
            ),
            "da": (
                "At tale om det, eller lade være",
                "Du bestemmer hvornår og med hvem.",
                "Nogle har brug for at fortælle historien flere gange; andre vil helst ikke. Begge dele er i orden. Ingen skal dele detaljer i en gruppe.\n\nEn kollega fra kollegastøtten kender arbejdet og lytter uden at dømme. Det, du fortæller, bliver mellem jer, medmindre I aftaler andet.",
            ),
        },
    ),
    (
        "after-a-heavy-incident",
        "for-partners-after-an-incident",
        "partners",
        {
            "en": (
                "For partners: when your partner has had a heavy shift",
                "What you may notice at home, and what you can do.",
                "After a heavy incident your partner may be quieter, more tired or shorter-tempered than usual. That is usually temporary.\n\nYou can help by being there, keeping daily life going and not pushing for details. Look after yourself too.\n\nIf you are worried after a few weeks, you can suggest the portal's self-test or a talk with peer support together.",
            ),
            "nl": (
                "Voor partners: als je partner een zware dienst had",
                "Wat je thuis kunt merken, en wat je kunt doen.",
                "Na een heftig incident is je partner misschien stiller, vermoeider of korter aangebonden dan anders. Meestal gaat dat vanzelf over.\n\nJe helpt door er te zijn, het gewone leven door te laten gaan en niet aan te dringen op details. Zorg ook goed voor jezelf.\n\nMaak je je na een paar weken zorgen, stel dan samen de zelftest van het portaal of een gesprek met collegiale ondersteuning voor.",
            ),
            "da": (
                "Til partnere: når din partner har haft en hård vagt",
                "Hvad du kan mærke derhjemme, og hvad du kan gøre.",
                "Efter en voldsom hændelse kan din partner være mere stille, træt eller kort for hovedet end normalt. Det går som regel over.\n\nDu hjælper ved at være der, holde hverdagen i gang og ikke presse på for detaljer. Pas også på dig selv.\n\nEr du bekymret efter et par uger, kan I sammen kigge på portalens selvtest eller en samtale med kollegastøtten.",
            ),
        },
    ),
    (
        "sleep-and-shift-work",
        "sleeping-after-a-night-shift",
        "everyone",
        {
            "en": (
                "Sleeping after a night shift",
                "A dark, quiet room and a fixed routine help most.",
                "After a night shift, go to bed as soon as you reasonably can. Make the room dark and cool, and put your phone away.\n\nA short routine (a shower, the same order every time) tells your body it is time to rest. Sunglasses on the way home can help too.\n\nCaffeine late in the shift makes falling asleep harder.",
            ),
            "nl": (
                "Slapen na een nachtdienst",
                "Een donkere, stille kamer en een vaste routine helpen het meest.",
                "Ga na een nachtdienst zo snel als redelijk is naar bed. Maak de kamer donker en koel, en leg je telefoon weg.\n\nEen korte routine (douchen, steeds in dezelfde volgorde) vertelt je lichaam dat het tijd is om te rusten. Een zonnebril op weg naar huis kan ook helpen.\n\nCafeïne laat in de dienst maakt inslapen moeilijker.",
            ),
            "da": (
                "At sove efter en nattevagt",
                "Et mørkt, stille rum og en fast rutine hjælper mest.",
                "Gå i seng så hurtigt, det er rimeligt, efter en nattevagt. Gør rummet mørkt og køligt, og læg telefonen væk.\n\nEn kort rutine (et bad, altid i samme rækkefølge) fortæller kroppen, at det er tid til hvile. Solbriller på vej hjem kan også hjælpe.\n\nKoffein sent på vagten gør det sværere at falde i søvn.",
            ),
        },
    ),
    (
        "sleep-and-shift-work",
        "napping-on-shifts",
        "everyone",
        {
            "en": (
                "Naps around shifts",
                "A short nap before a night shift can make it easier.",
                "A nap of 20 to 30 minutes in the afternoon before a night shift helps many people stay alert. Longer naps can leave you groggy.\n\nOn days off, try not to turn your rhythm around completely: it makes the next series of shifts harder.",
            ),
            "nl": (
                "Dutjes rond diensten",
                "Een kort dutje voor een nachtdienst kan het makkelijker maken.",
                "Een dutje van 20 tot 30 minuten in de middag voor een nachtdienst helpt veel mensen alert te blijven. Langere dutjes maken je soms suf.\n\nProbeer op vrije dagen je ritme niet helemaal om te gooien: dat maakt de volgende reeks diensten zwaarder.",
            ),
            "da": (
                "Lur omkring vagterne",
                "En kort lur før en nattevagt kan gøre den lettere.",
                "En lur på 20 til 30 minutter om eftermiddagen før en nattevagt hjælper mange til at holde sig vågne. Længere lure kan gøre dig sløv.\n\nPrøv på fridage ikke at vende døgnet helt om: det gør den næste række vagter tungere.",
            ),
        },
    ),
    (
        "sleep-and-shift-work",
        "shifts-and-family-life",
        "partners",
        {
            "en": (
                "For partners: living with shift work",
                "Plans, quiet hours and time together.",
                "Shift work asks something of the whole household. A shared calendar with shifts and quiet hours helps everyone plan.\n\nAgree on a few fixed moments together each week, even short ones. And ask for help from family or friends when shifts pile up.",
            ),
            "nl": (
                "Voor partners: leven met ploegendienst",
                "Plannen, rustige uren en tijd samen.",
                "Ploegendienst vraagt iets van het hele huishouden. Een gedeelde agenda met diensten en rustige uren helpt iedereen plannen.\n\nSpreek elke week een paar vaste momenten samen af, ook als die kort zijn. En vraag hulp van familie of vrienden als de diensten zich opstapelen.",
            ),
            "da": (
                "Til partnere: at leve med skifteholdsarbejde",
                "Planer, rolige timer og tid sammen.",
                "Skifteholdsarbejde kræver noget af hele husstanden. En fælles kalender med vagter og rolige timer hjælper alle med at planlægge.\n\nAftal nogle faste stunder sammen hver uge, også selvom de er korte. Og bed familie eller venner om hjælp, når vagterne hober sig op.",
            ),
        },
    ),
    (
        "stress-and-recovery",
        "signs-of-stress",
        "everyone",
        {
            "en": (
                "Signs of too much stress",
                "Noticing it early makes recovery easier.",
                "Stress is not a weakness; it is the body's answer to pressure. When pressure goes on without rest, people often sleep worse, feel tense, forget things or withdraw.\n\nTake such signs seriously. The self-test gives an indication in a few minutes, and a check-up with a psychologist is confidential.",
            ),
            "nl": (
                "Signalen van te veel stress",
                "Wie het vroeg merkt, herstelt makkelijker.",
                "Stress is geen zwakte; het is het antwoord van je lichaam op druk. Als de druk aanhoudt zonder rust, slapen mensen vaak slechter, voelen ze zich gespannen, vergeten ze dingen of trekken ze zich terug.\n\nNeem zulke signalen serieus. De zelftest geeft in een paar minuten een indicatie, en een check-up bij een psycholoog is vertrouwelijk.",
            ),
            "da": (
                "Tegn på for meget stress",
                "Opdager du det tidligt, kommer du lettere igennem.",
                "Stress er ikke en svaghed; det er kroppens svar på pres. Når presset varer ved uden hvile, sover mange dårligere, føler sig anspændte, glemmer ting eller trækker sig.\n\nTag sådanne tegn alvorligt. Selvtesten giver en indikation på få minutter, og en samtale med en psykolog er fortrolig.",
            ),
        },
    ),
    (
        "stress-and-recovery",
        "recovering-between-shifts",
        "everyone",
        {
            "en": (
                "Recovering between shifts",
                "Small breaks count.",
                "Recovery is not only holidays. A walk, a hobby, time with people you like, or simply doing nothing for a while all help the body come down.\n\nTry to plan one thing each week that gives you energy, and protect it.",
            ),
            "nl": (
                "Herstellen tussen diensten",
                "Kleine pauzes tellen mee.",
                "Herstel is niet alleen vakantie. Een wandeling, een hobby, tijd met mensen die je graag ziet, of gewoon even niets doen helpen je lichaam tot rust te komen.\n\nPlan elke week iets wat je energie geeft, en bescherm dat moment.",
            ),
            "da": (
                "At komme sig mellem vagterne",
                "Små pauser tæller.",
                "Restitution er ikke kun ferie. En gåtur, en hobby, tid med mennesker du holder af, eller bare at lave ingenting en stund hjælper kroppen til at falde til ro.\n\nPlan hver uge én ting, der giver dig energi, og beskyt den.",
            ),
        },
    ),
    (
        "stress-and-recovery",
        "when-to-ask-for-help",
        "everyone",
        {
            "en": (
                "When to ask for help",
                "Earlier is easier, and it is confidential.",
                "Ask for help when worries keep you awake, when you no longer enjoy things you used to, or when people close to you say they are worried.\n\nA talk with peer support or a psychologist is confidential: your manager is not told.",
            ),
            "nl": (
                "Wanneer vraag je hulp?",
                "Eerder is makkelijker, en het is vertrouwelijk.",
                "Vraag hulp als zorgen je wakker houden, als je niet meer geniet van dingen die je vroeger leuk vond, of als mensen dichtbij zeggen dat ze zich zorgen maken.\n\nEen gesprek met collegiale ondersteuning of een psycholoog is vertrouwelijk: je leidinggevende hoort het niet.",
            ),
            "da": (
                "Hvornår skal du bede om hjælp?",
                "Jo før, jo lettere, og det er fortroligt.",
                "Bed om hjælp, når bekymringer holder dig vågen, når du ikke længere glæder dig over ting, du plejede at kunne lide, eller når dine nærmeste siger, at de er bekymrede.\n\nEn samtale med kollegastøtten eller en psykolog er fortrolig: din leder får det ikke at vide.",
            ),
        },
    ),
    (
        "family-and-home",
        "when-work-comes-home",
        "everyone",
        {
            "en": (
                "When work comes home",
                "Leaving the shift at the door is not always possible.",
                "Most officers recognise it: the shift keeps going in your head at the dinner table. A short routine after work (changing clothes, a walk round the block) helps to switch.\n\nTell the people at home a little about what kind of day it was, without details, so they understand your mood.",
            ),
            "nl": (
                "Als het werk mee naar huis gaat",
                "De dienst bij de deur laten lukt niet altijd.",
                "De meeste collega's herkennen het: aan tafel loopt de dienst nog door in je hoofd. Een korte routine na het werk (omkleden, een rondje om het blok) helpt om om te schakelen.\n\nVertel thuis kort wat voor dag het was, zonder details, zodat ze je stemming begrijpen.",
            ),
            "da": (
                "Når arbejdet kommer med hjem",
                "Det er ikke altid muligt at lade vagten blive ved døren.",
                "De fleste kender det: vagten kører videre i hovedet ved middagsbordet. En kort rutine efter arbejde (skifte tøj, en tur rundt om blokken) hjælper med at skifte spor.\n\nFortæl kort derhjemme, hvordan dagen var, uden detaljer, så de forstår dit humør.",
            ),
        },
    ),
    (
        "family-and-home",
        "for-partners-looking-after-yourself",
        "partners",
        {
            "en": (
                "For partners: looking after yourself",
                "You matter too.",
                "Living with someone in a demanding job can be tiring. It is normal to feel worried, lonely or irritated at times.\n\nKeep your own friends and activities, and talk to someone you trust about how you are doing. Your own doctor can also help.",
            ),
            "nl": (
                "Voor partners: zorg ook voor jezelf",
                "Jij doet er ook toe.",
                "Samenleven met iemand in een zwaar beroep kan vermoeiend zijn. Het is normaal om je soms zorgen te maken, je eenzaam te voelen of geïrriteerd te zijn.\n\nHoud je eigen vrienden en bezigheden vast, en praat met iemand die je vertrouwt over hoe het met je gaat. Ook je huisarts kan helpen.",
            ),
            "da": (
                "Til partnere: pas også på dig selv",
                "Du betyder også noget.",
                "Det kan være hårdt at leve med en, der har et krævende job. Det er normalt nogle gange at være bekymret, ensom eller irriteret.\n\nHold fast i dine egne venner og aktiviteter, og tal med en, du har tillid til, om hvordan du har det. Din egen læge kan også hjælpe.",
            ),
        },
    ),
    (
        "family-and-home",
        "for-children-mum-or-dad-at-work",
        "children",
        {
            "en": (
                "For children: when mum or dad works in the police or a prison",
                "Questions many children have, answered simply.",
                "Your mum or dad helps to keep people safe. Sometimes they see sad or scary things at work. That can make them tired or quiet when they come home.\n\nIt is never your fault. You can always ask questions, and it is fine to say when you are worried. Talking to another grown-up you trust helps too.",
            ),
            "nl": (
                "Voor kinderen: als papa of mama bij de politie of in een gevangenis werkt",
                "Vragen die veel kinderen hebben, eenvoudig beantwoord.",
                "Je papa of mama helpt om mensen veilig te houden. Soms zien ze op het werk verdrietige of enge dingen. Daardoor zijn ze soms moe of stil als ze thuiskomen.\n\nDat is nooit jouw schuld. Je mag altijd vragen stellen, en het is goed om te zeggen als je je zorgen maakt. Praten met een andere volwassene die je vertrouwt helpt ook.",
            ),
            "da": (
                "Til børn: når mor eller far arbejder i politiet eller i et fængsel",
                "Spørgsmål som mange børn har, enkelt besvaret.",
                "Din mor eller far hjælper med at passe på, at folk er trygge. Nogle gange ser de triste eller uhyggelige ting på arbejdet. Så kan de være trætte eller stille, når de kommer hjem.\n\nDet er aldrig din skyld. Du må altid spørge, og det er fint at sige, når du er bekymret. Det hjælper også at tale med en anden voksen, du stoler på.",
            ),
        },
    ),
    (
        "family-and-home",
        "talking-with-children",
        "partners",
        {
            "en": (
                "For parents: talking with your children about the work",
                "Honest, short and fitting their age.",
                "Children notice more than we think. Tell them in simple words that it was a hard day, without frightening details.\n\nKeep routines going, make time to play, and let them know they can always come to you with questions.",
            ),
            "nl": (
                "Voor ouders: met je kinderen praten over het werk",
                "Eerlijk, kort en passend bij hun leeftijd.",
                "Kinderen merken meer dan we denken. Vertel in eenvoudige woorden dat het een zware dag was, zonder enge details.\n\nHoud de gewone routines vast, maak tijd om te spelen en laat weten dat ze altijd met vragen bij je mogen komen.",
            ),
            "da": (
                "Til forældre: at tale med dine børn om arbejdet",
                "Ærligt, kort og tilpasset deres alder.",
                "Børn lægger mærke til mere, end vi tror. Fortæl med enkle ord, at det var en hård dag, uden skræmmende detaljer.\n\nHold fast i de faste rutiner, få tid til at lege, og lad dem vide, at de altid kan komme til dig med spørgsmål.",
            ),
        },
    ),
    (
        "alcohol-and-medication",
        "alcohol-to-unwind",
        "everyone",
        {
            "en": (
                "A drink to unwind?",
                "Why alcohol makes sleep and recovery harder.",
                "After a hard shift a drink can seem to help you relax. Alcohol does make you sleepy, but the sleep that follows is lighter and more broken.\n\nIf you notice you need a drink to switch off, that is worth paying attention to. You can talk about it confidentially with a psychologist.",
            ),
            "nl": (
                "Een drankje om te ontspannen?",
                "Waarom alcohol slaap en herstel moeilijker maakt.",
                "Na een zware dienst lijkt een drankje te helpen om te ontspannen. Alcohol maakt je wel slaperig, maar de slaap daarna is lichter en onrustiger.\n\nMerk je dat je een drankje nodig hebt om uit te schakelen, sta daar dan bij stil. Je kunt er vertrouwelijk over praten met een psycholoog.",
            ),
            "da": (
                "En drink for at slappe af?",
                "Hvorfor alkohol gør søvn og restitution sværere.",
                "Efter en hård vagt kan en drink synes at hjælpe dig med at slappe af. Alkohol gør dig søvnig, men søvnen bagefter er lettere og mere urolig.\n\nMærker du, at du har brug for en drink for at koble af, er det værd at lægge mærke til. Du kan tale fortroligt om det med en psykolog.",
            ),
        },
    ),
    (
        "alcohol-and-medication",
        "sleeping-pills-and-shifts",
        "everyone",
        {
            "en": (
                "Sleeping pills and shift work",
                "Talk to your doctor before you use them.",
                "Sleeping pills can help for a short time, but they can affect alertness the next day, which matters in your work.\n\nUse them only on advice of your doctor, and tell them you work shifts.",
            ),
            "nl": (
                "Slaappillen en ploegendienst",
                "Overleg met je huisarts voordat je ze gebruikt.",
                "Slaappillen kunnen even helpen, maar ze kunnen je alertheid de volgende dag beïnvloeden, en dat is belangrijk in je werk.\n\nGebruik ze alleen op advies van je huisarts, en vertel dat je in ploegendienst werkt.",
            ),
            "da": (
                "Sovepiller og skifteholdsarbejde",
                "Tal med din læge, før du bruger dem.",
                "Sovepiller kan hjælpe i en kort periode, men de kan påvirke din årvågenhed dagen efter, og det betyder noget i dit arbejde.\n\nBrug dem kun efter aftale med din læge, og fortæl, at du arbejder i skiftehold.",
            ),
        },
    ),
    (
        "alcohol-and-medication",
        "for-partners-worried-about-drinking",
        "partners",
        {
            "en": (
                "For partners: worried about their drinking?",
                "How to bring it up.",
                "Choose a quiet moment, not right after a shift or when they have been drinking. Say what you notice and that you are worried, without blaming.\n\nThe portal's check-ups and peer support are confidential, also about this.",
            ),
            "nl": (
                "Voor partners: zorgen over het drinken?",
                "Hoe je het bespreekbaar maakt.",
                "Kies een rustig moment, niet direct na een dienst of als er gedronken is. Zeg wat je merkt en dat je je zorgen maakt, zonder verwijten.\n\nDe check-ups en de collegiale ondersteuning van het portaal zijn vertrouwelijk, ook hierover.",
            ),
            "da": (
                "Til partnere: bekymret for din partners drikkeri?",
                "Sådan kan du tage det op.",
                "Vælg et roligt øjeblik, ikke lige efter en vagt eller når der er blevet drukket. Sig, hvad du lægger mærke til, og at du er bekymret, uden bebrejdelser.\n\nPortalens samtaler og kollegastøtten er fortrolige, også om dette.",
            ),
        },
    ),
    (
        "physical-condition",
        "moving-on-a-busy-schedule",
        "everyone",
        {
            "en": (
                "Moving on a busy schedule",
                "Short and regular beats long and rare.",
                "Half an hour of brisk movement on most days helps your mood, your sleep and your fitness for the job.\n\nIt does not need to be a gym: walking or cycling to work, or a short workout at home, counts.",
            ),
            "nl": (
                "Bewegen met een vol rooster",
                "Kort en vaak is beter dan lang en zelden.",
                "Een half uur stevig bewegen op de meeste dagen helpt je stemming, je slaap en je fitheid voor het werk.\n\nDat hoeft geen sportschool te zijn: lopen of fietsen naar je werk, of een korte training thuis, telt ook.",
            ),
            "da": (
                "Bevægelse i en travl hverdag",
                "Kort og ofte slår langt og sjældent.",
                "En halv times rask bevægelse de fleste dage hjælper dit humør, din søvn og din form til arbejdet.\n\nDet behøver ikke være et fitnesscenter: at gå eller cykle på arbejde, eller en kort træning derhjemme, tæller også.",
            ),
        },
    ),
    (
        "physical-condition",
        "eating-on-night-shifts",
        "everyone",
        {
            "en": (
                "Eating on night shifts",
                "Light meals keep you more alert.",
                "A heavy meal in the middle of the night makes you drowsy. Eat your main meal before the shift and take light food and water with you.\n\nTry to keep sugary snacks and energy drinks for exceptions.",
            ),
            "nl": (
                "Eten in de nachtdienst",
                "Lichte maaltijden houden je alerter.",
                "Een zware maaltijd midden in de nacht maakt je slaperig. Eet je hoofdmaaltijd voor de dienst en neem licht eten en water mee.\n\nHoud zoete snacks en energiedrankjes liever voor uitzonderingen.",
            ),
            "da": (
                "Mad på nattevagten",
                "Lette måltider holder dig mere vågen.",
                "Et tungt måltid midt om natten gør dig døsig. Spis dit hovedmåltid før vagten, og tag let mad og vand med.\n\nGem helst søde snacks og energidrikke til undtagelser.",
            ),
        },
    ),
    (
        "physical-condition",
        "back-and-equipment",
        "everyone",
        {
            "en": (
                "Your back and your equipment",
                "Small habits against long-term strain.",
                "Long hours in a car and heavy equipment strain the back. Adjust your seat, take short breaks to stretch, and strengthen your core muscles.\n\nPain that does not go away deserves a visit to your doctor or the occupational health service.",
            ),
            "nl": (
                "Je rug en je uitrusting",
                "Kleine gewoonten tegen langdurige belasting.",
                "Lange uren in de auto en zware uitrusting belasten je rug. Stel je stoel goed in, neem korte pauzes om te strekken en train je rompspieren.\n\nPijn die niet overgaat is een reden om naar je huisarts of de bedrijfsarts te gaan.",
            ),
            "da": (
                "Din ryg og dit udstyr",
                "Små vaner mod langvarig belastning.",
                "Lange timer i bilen og tungt udstyr belaster ryggen. Indstil sædet, hold korte pauser og stræk ud, og styrk dine mavemuskler og rygmuskler.\n\nSmerter, der ikke går over, er en god grund til at gå til din læge eller arbejdsmedicinsk rådgivning.",
            ),
        },
    ),
    (
        "for-managers",
        "after-an-incident-in-your-team",
        "everyone",
        {
            "en": (
                "After an incident in your team",
                "Your first steps as a manager.",
                "Make contact on the same day: a short call to ask how someone is doing matters more than the right words.\n\nMake sure peer support is informed, allow time for the people involved, and check in again after a few days and a few weeks.",
            ),
            "nl": (
                "Na een incident in je team",
                "Je eerste stappen als leidinggevende.",
                "Neem dezelfde dag contact op: een kort telefoontje om te vragen hoe het gaat is belangrijker dan de juiste woorden.\n\nZorg dat collegiale ondersteuning op de hoogte is, geef de betrokkenen tijd, en vraag na een paar dagen en een paar weken opnieuw hoe het gaat.",
            ),
            "da": (
                "Efter en hændelse i dit team",
                "Dine første skridt som leder.",
                "Tag kontakt samme dag: et kort opkald for at høre, hvordan det går, betyder mere end de rigtige ord.\n\nSørg for, at kollegastøtten er orienteret, giv de involverede tid, og hør igen efter et par dage og et par uger, hvordan det går.",
            ),
        },
    ),
    (
        "for-managers",
        "spotting-early-signs",
        "everyone",
        {
            "en": (
                "Spotting early signs in your team",
                "Changes in behaviour are often the first signal.",
                "Someone who is often late, more irritable or withdrawn, or makes more mistakes than before may be carrying too much.\n\nStart a conversation about what you see, not about a diagnosis, and point to the help the portal offers.",
            ),
            "nl": (
                "Vroege signalen in je team zien",
                "Veranderend gedrag is vaak het eerste signaal.",
                "Iemand die vaker te laat is, prikkelbaarder of stiller wordt, of meer fouten maakt dan voorheen, draagt misschien te veel.\n\nBegin een gesprek over wat je ziet, niet over een diagnose, en wijs op de hulp die het portaal biedt.",
            ),
            "da": (
                "At se tidlige tegn i dit team",
                "Ændret adfærd er ofte det første signal.",
                "En, der oftere kommer for sent, bliver mere irritabel eller indadvendt, eller laver flere fejl end før, bærer måske på for meget.\n\nStart en samtale om det, du ser, ikke om en diagnose, og henvis til den hjælp, portalen tilbyder.",
            ),
        },
    ),
    (
        "for-managers",
        "team-conversations",
        "everyone",
        {
            "en": (
                "Talking about workload in the team",
                "Make it normal to say how it is going.",
                "Regular short moments in the team to talk about what the work asks of people make it easier to ask for help later.\n\nShare what you do yourself to recover: it gives others permission to do the same.",
            ),
            "nl": (
                "Werkdruk bespreken in het team",
                "Maak het normaal om te zeggen hoe het gaat.",
                "Regelmatig korte momenten in het team om te praten over wat het werk van mensen vraagt, maken het later makkelijker om hulp te vragen.\n\nVertel wat je zelf doet om te herstellen: dat geeft anderen ruimte om hetzelfde te doen.",
            ),
            "da": (
                "At tale om arbejdspres i teamet",
                "Gør det normalt at sige, hvordan det går.",
                "Faste, korte stunder i teamet, hvor I taler om, hvad arbejdet kræver, gør det lettere at bede om hjælp senere.\n\nFortæl, hvad du selv gør for at komme dig: det giver andre lov til at gøre det samme.",
            ),
        },
    ),
    (
        "questions-and-answers",
        "question-nightmares",
        "everyone",
        {
            "en": (
                "I keep dreaming about an arrest that went wrong. Is that normal?",
                "A psychologist answers.",
                "**Question**\n\nSince an arrest that went wrong three weeks ago I dream about it almost every night. Is that normal?\n\n**Answer**\n\nDreams like these are common in the first weeks after an event and often fade. Keep your rhythm and talk about it with someone you trust. If they do not lessen after about a month, a talk with a psychologist can help.",
            ),
            "nl": (
                "Ik droom steeds over een aanhouding die misging. Is dat normaal?",
                "Een psycholoog antwoordt.",
                "**Vraag**\n\nSinds een aanhouding die drie weken geleden misging, droom ik er bijna elke nacht over. Is dat normaal?\n\n**Antwoord**\n\nZulke dromen komen vaak voor in de eerste weken na een gebeurtenis en nemen meestal af. Houd je ritme vast en praat erover met iemand die je vertrouwt. Worden ze na ongeveer een maand niet minder, dan kan een gesprek met een psycholoog helpen.",
            ),
            "da": (
                "Jeg drømmer hele tiden om en anholdelse, der gik galt. Er det normalt?",
                "En psykolog svarer.",
                "**Spørgsmål**\n\nSiden en anholdelse, der gik galt for tre uger siden, har jeg drømt om den næsten hver nat. Er det normalt?\n\n**Svar**\n\nSådanne drømme er almindelige i de første uger efter en hændelse og aftager som regel. Hold fast i din rytme, og tal om det med en, du har tillid til. Bliver de ikke mindre efter omkring en måned, kan en samtale med en psykolog hjælpe.",
            ),
        },
    ),
]

MODULE = {
    "slug": "sleep-on-shifts",
    "theme": "sleep-and-shift-work",
    "title": {"en": "Sleep on shifts", "nl": "Slapen in ploegendienst", "da": "Søvn på skiftehold"},
    "summary": {
        "en": "Four short lessons about resting well around irregular hours, and a short check.",
        "nl": "Vier korte lessen over goed uitrusten rond onregelmatige tijden, en een korte check.",
        "da": "Fire korte lektioner om at hvile godt omkring skæve arbejdstider, og et kort tjek.",
    },
    "lessons": [
        {
            "en": (
                "Your body clock",
                "Your body has a clock of about 24 hours that makes you sleepy at night and alert by day. Night work goes against that clock, so sleeping by day is lighter and shorter. That is not a lack of discipline: it is biology.",
            ),
            "nl": (
                "Je biologische klok",
                "Je lichaam heeft een klok van ongeveer 24 uur die je 's nachts slaperig en overdag alert maakt. Nachtwerk gaat tegen die klok in, daarom is slapen overdag lichter en korter. Dat is geen gebrek aan discipline: het is biologie.",
            ),
            "da": (
                "Dit indre ur",
                "Kroppen har et ur på omkring 24 timer, der gør dig søvnig om natten og vågen om dagen. Natarbejde går imod det ur, og derfor er søvn om dagen lettere og kortere. Det er ikke mangel på disciplin: det er biologi.",
            ),
        },
        {
            "en": (
                "Light and darkness",
                "Light tells your clock it is day. After a night shift, dim the light on the way home and sleep in a dark room. Before a night shift, bright light in the evening helps you stay awake.",
            ),
            "nl": (
                "Licht en donker",
                "Licht vertelt je klok dat het dag is. Houd na een nachtdienst het licht op weg naar huis gedempt en slaap in een donkere kamer. Voor een nachtdienst helpt fel licht in de avond om wakker te blijven.",
            ),
            "da": (
                "Lys og mørke",
                "Lys fortæller dit ur, at det er dag. Hold lyset dæmpet på vej hjem efter en nattevagt, og sov i et mørkt rum. Før en nattevagt hjælper skarpt lys om aftenen dig med at holde dig vågen.",
            ),
        },
        {
            "en": (
                "Naps and caffeine",
                "A nap of 20 to 30 minutes before a night shift helps. Caffeine works for hours: stop about six hours before you want to sleep.",
            ),
            "nl": (
                "Dutjes en cafeïne",
                "Een dutje van 20 tot 30 minuten voor een nachtdienst helpt. Cafeïne werkt urenlang door: stop ongeveer zes uur voordat je wilt slapen.",
            ),
            "da": (
                "Lur og koffein",
                "En lur på 20 til 30 minutter før en nattevagt hjælper. Koffein virker i mange timer: stop omkring seks timer før, du vil sove.",
            ),
        },
        {
            "en": (
                "After a heavy shift",
                "After a difficult shift, sleep may not come easily. Write down what keeps going round in your head, do something calm, and avoid alcohol as a sleeping aid. If sleep stays poor for weeks, talk to someone.",
            ),
            "nl": (
                "Na een zware dienst",
                "Na een moeilijke dienst komt de slaap soms lastig. Schrijf op wat door je hoofd blijft gaan, doe iets rustigs en gebruik geen alcohol om te slapen. Blijf je wekenlang slecht slapen, praat er dan met iemand over.",
            ),
            "da": (
                "Efter en hård vagt",
                "Efter en svær vagt kan søvnen være svær at finde. Skriv ned, hvad der kører rundt i hovedet, gør noget roligt, og undgå alkohol som sovemiddel. Sover du dårligt i flere uger, så tal med nogen om det.",
            ),
        },
    ],
    "questions": [
        {
            "text": {
                "en": "Why is sleep by day often lighter?",
                "nl": "Waarom is slapen overdag vaak lichter?",
                "da": "Hvorfor er søvn om dagen ofte lettere?",
            },
            "explanation": {
                "en": "Your body clock expects to be awake by day, so daytime sleep is lighter and shorter.",
                "nl": "Je biologische klok verwacht overdag wakker te zijn, daarom is slapen overdag lichter en korter.",
                "da": "Dit indre ur forventer at være vågent om dagen, derfor er søvn om dagen lettere og kortere.",
            },
            "choices": [
                (
                    {
                        "en": "Because of the body clock",
                        "nl": "Door de biologische klok",
                        "da": "På grund af det indre ur",
                    },
                    True,
                ),
                (
                    {
                        "en": "Because of a lack of discipline",
                        "nl": "Door gebrek aan discipline",
                        "da": "På grund af manglende disciplin",
                    },
                    False,
                ),
            ],
        },
        {
            "text": {
                "en": "What helps after a night shift?",
                "nl": "Wat helpt na een nachtdienst?",
                "da": "Hvad hjælper efter en nattevagt?",
            },
            "explanation": {
                "en": "Darkness tells your body clock that it is time to sleep.",
                "nl": "Donker vertelt je biologische klok dat het tijd is om te slapen.",
                "da": "Mørke fortæller dit indre ur, at det er tid til at sove.",
            },
            "choices": [
                (
                    {
                        "en": "Bright light on the way home",
                        "nl": "Fel licht op weg naar huis",
                        "da": "Skarpt lys på vej hjem",
                    },
                    False,
                ),
                ({"en": "A dark room", "nl": "Een donkere kamer", "da": "Et mørkt rum"}, True),
                ({"en": "A strong coffee", "nl": "Een sterke koffie", "da": "En stærk kop kaffe"}, False),
            ],
        },
        {
            "text": {
                "en": "Is alcohol a good way to fall asleep after a hard shift?",
                "nl": "Is alcohol een goede manier om in slaap te vallen na een zware dienst?",
                "da": "Er alkohol en god måde at falde i søvn på efter en hård vagt?",
            },
            "explanation": {
                "en": "Alcohol makes you sleepy, but the sleep after it is lighter and more broken.",
                "nl": "Alcohol maakt je slaperig, maar de slaap daarna is lichter en onrustiger.",
                "da": "Alkohol gør dig søvnig, men søvnen bagefter er lettere og mere urolig.",
            },
            "choices": [
                ({"en": "Yes", "nl": "Ja", "da": "Ja"}, False),
                ({"en": "No", "nl": "Nee", "da": "Nej"}, True),
            ],
        },
    ],
}
