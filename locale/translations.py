# Project-level Dutch and Danish strings: msgid -> (Dutch, Danish).
# Written to read naturally, not word by word. Apps keep their own catalogues in <app>/locale.
TRANSLATIONS = {
    "Person": ("Persoon", "Person"),
    "Quiet hours": ("Rusttijden", "Rolige timer"),
    "Roles": ("Rollen", "Roller"),
    "Dates": ("Data", "Datoer"),
    "Give both the start and the end of your quiet hours, or neither.": (
        "Vul zowel het begin als het einde van je rusttijden in, of geen van beide.",
        "Angiv både start og slut på dine rolige timer, eller ingen af dem.",
    ),
    "Quiet hours need a different start and end time.": (
        "Begin en einde van je rusttijden moeten verschillen.",
        "Start og slut på dine rolige timer skal være forskellige.",
    ),
    "Language": ("Taal", "Sprog"),
    "National": ("Landelijk", "Nationalt"),
    "Region": ("Regio", "Region"),
    "District": ("District", "Distrikt"),
    "Team": ("Team", "Team"),
    "Unit": ("Eenheid", "Enhed"),
    "name": ("naam", "navn"),
    "code": ("code", "kode"),
    "kind": ("soort", "type"),
    "organisation unit": ("organisatie-eenheid", "organisatorisk enhed"),
    "organisation units": ("organisatie-eenheden", "organisatoriske enheder"),
    "e-mail address": ("e-mailadres", "e-mailadresse"),
    "unit": ("eenheid", "enhed"),
    "managed units": ("aangestuurde eenheden", "enheder som leder"),
    "A manager sees anonymous figures for these units and everything below them.": (
        "Een leidinggevende ziet anonieme cijfers van deze eenheden en alles daaronder.",
        "En leder ser anonyme tal for disse enheder og alt under dem.",
    ),
    "language": ("taal", "sprog"),
    "time zone": ("tijdzone", "tidszone"),
    "quiet hours start": ("begin rusttijden", "start på rolige timer"),
    "No reminders from this time (for example when you sleep after a night shift).": (
        "Vanaf dit tijdstip geen herinneringen (bijvoorbeeld als je slaapt na een nachtdienst).",
        "Ingen påmindelser fra dette tidspunkt (for eksempel når du sover efter en nattevagt).",
    ),
    "quiet hours end": ("einde rusttijden", "slut på rolige timer"),
    "deactivated at": ("gedeactiveerd op", "deaktiveret den"),
    "user": ("gebruiker", "bruger"),
    "users": ("gebruikers", "brugere"),
    "Employee": ("Medewerker", "Medarbejder"),
    "Peer supporter": ("Collegiale ondersteuner", "Kollegial støtteperson"),
    "Peer-support coordinator": ("Coördinator collegiale ondersteuning", "Koordinator for kollegial støtte"),
    "Psychologist": ("Psycholoog", "Psykolog"),
    "Manager": ("Leidinggevende", "Leder"),
    "Wellbeing officer": ("Adviseur veilig en gezond werken", "Arbejdsmiljømedarbejder"),
    "Confidential counsellor": ("Vertrouwenspersoon", "Tillidsperson"),
    "Administrator": ("Beheerder", "Administrator"),
    "Your settings are saved.": ("Je instellingen zijn opgeslagen.", "Dine indstillinger er gemt."),
    "at": ("op", "tidspunkt"),
    "actor": ("door", "udført af"),
    "subject": ("betreft", "vedrører"),
    "action": ("handeling", "handling"),
    "object type": ("soort gegeven", "datatype"),
    "object id": ("gegevensnummer", "data-id"),
    "audit entry": ("logregel", "logpost"),
    "audit entries": ("logregels", "logposter"),
    "Retry the selected failed messages": (
        "Geselecteerde mislukte berichten opnieuw versturen",
        "Send de valgte mislykkede beskeder igen",
    ),
    "%(count)d messages queued again.": (
        "%(count)d berichten staan weer in de wachtrij.",
        "%(count)d beskeder er sat i kø igen.",
    ),
    "Pending": ("Wacht", "Venter"),
    "Sent": ("Verstuurd", "Sendt"),
    "Failed": ("Mislukt", "Mislykket"),
    "Cancelled": ("Geannuleerd", "Annulleret"),
    "Expired": ("Verlopen", "Udløbet"),
    "idempotency key": ("unieke sleutel", "entydig nøgle"),
    "recipient": ("ontvanger", "modtager"),
    "to e-mail": ("naar e-mailadres", "til e-mailadresse"),
    "template": ("sjabloon", "skabelon"),
    "context": ("inhoud", "indhold"),
    "attachments": ("bijlagen", "vedhæftninger"),
    "urgent": ("dringend", "haster"),
    "Urgent messages ignore quiet hours.": (
        "Dringende berichten komen ook tijdens rusttijden.",
        "Beskeder, der haster, sendes også i de rolige timer.",
    ),
    "due at": ("gepland op", "planlagt til"),
    "not after": ("niet na", "ikke efter"),
    "status": ("status", "status"),
    "attempts": ("pogingen", "forsøg"),
    "next attempt at": ("volgende poging op", "næste forsøg"),
    "claimed until": ("bezet tot", "reserveret til"),
    "last error": ("laatste fout", "seneste fejl"),
    "created at": ("aangemaakt op", "oprettet"),
    "sent at": ("verstuurd op", "sendt"),
    "outbox message": ("uitgaand bericht", "udgående besked"),
    "outbox messages": ("uitgaande berichten", "udgående beskeder"),
    "My settings": ("Mijn instellingen", "Mine indstillinger"),
    "Quiet hours hold back reminders while you sleep, for example after a night shift. Urgent messages still come through.": (
        "Tijdens je rusttijden houden we herinneringen vast, zodat je kunt slapen, bijvoorbeeld na een nachtdienst. Dringende berichten komen wel door.",
        "I dine rolige timer holder vi påmindelser tilbage, så du kan sove, for eksempel efter en nattevagt. Beskeder, der haster, kommer stadig igennem.",
    ),
    "Save": ("Opslaan", "Gem"),
    "Wellbeing portal": ("Welzijnsportaal", "Trivselsportalen"),
    "Skip to main content": ("Naar de inhoud", "Gå til indholdet"),
    "Emergency numbers": ("Noodnummers", "Nødnumre"),
    "Emergency:": ("Bij spoed:", "Ved akut fare:"),
    "No emergency:": ("Geen spoed:", "Ikke akut:"),
    "Main": ("Hoofdmenu", "Hovedmenu"),
    "Menu": ("Menu", "Menu"),
    "Change": ("Wijzig", "Skift"),
    "Log out": ("Uitloggen", "Log ud"),
    "Log in": ("Inloggen", "Log ind"),
    "What you do here is private. Your manager sees numbers, never names.": (
        "Wat je hier doet, is privé. Je leidinggevende ziet aantallen, nooit namen.",
        "Det, du gør her, er privat. Din leder ser tal, aldrig navne.",
    ),
    "Hello %(recipient_name)s,": ("Hoi %(recipient_name)s,", "Hej %(recipient_name)s"),
    "Hello,": ("Hoi,", "Hej"),
    "There is something new for you in the wellbeing portal. Log in to read it:": (
        "Er staat iets nieuws voor je klaar in het welzijnsportaal. Log in om het te lezen:",
        "Der er noget nyt til dig i trivselsportalen. Log ind for at læse det:",
    ),
    "This message was sent automatically. You can set quiet hours for reminders in your settings.": (
        "Dit bericht is automatisch verstuurd. In je instellingen kun je rusttijden voor herinneringen kiezen.",
        "Denne besked er sendt automatisk. Du kan vælge rolige timer for påmindelser i dine indstillinger.",
    ),
    "Something new for you in the portal": (
        "Er is iets nieuws voor je in het portaal",
        "Der er noget nyt til dig i portalen",
    ),
    "Home": ("Start", "Forside"),
    "Hello %(name)s": ("Hallo %(name)s", "Hej %(name)s"),
    "Support for police and prison staff": (
        "Steun voor medewerkers van politie en gevangeniswezen",
        "Støtte til ansatte i politiet og kriminalforsorgen",
    ),
    "Help after a heavy incident, a talk with a psychologist, or a quick check of how you are doing. Confidential, and close at hand.": (
        "Hulp na een heftig incident, een gesprek met een psycholoog of even nagaan hoe het met je gaat. Vertrouwelijk en dichtbij.",
        "Hjælp efter en voldsom hændelse, en samtale med en psykolog eller et hurtigt tjek af, hvordan du har det. Fortroligt og lige ved hånden.",
    ),
    "Where to get help": ("Waar je hulp vindt", "Her kan du få hjælp"),
    "Your work": ("Je werk", "Dit arbejde"),
    "More for you": ("Meer voor jou", "Mere til dig"),
    "Organisation": ("Organisatie", "Organisation"),
    "Your account": ("Je account", "Din konto"),
    "Language, time zone and quiet hours": ("Taal, tijdzone en rusttijden", "Sprog, tidszone og rolige timer"),
    "When reminders may reach you, and in which language.": (
        "Wanneer herinneringen je mogen bereiken, en in welke taal.",
        "Hvornår påmindelser må nå dig, og på hvilket sprog.",
    ),
    "Sign-in security": ("Inlogbeveiliging", "Sikkert login"),
    "Authenticator app, recovery codes and security keys.": (
        "Authenticator-app, herstelcodes en beveiligingssleutels.",
        "Godkendelsesapp, gendannelseskoder og sikkerhedsnøgler.",
    ),
    "Administration": ("Beheer", "Administration"),
    "Accounts, organisation units and the outbox.": (
        "Accounts, organisatie-eenheden en uitgaande berichten.",
        "Konti, organisatoriske enheder og udgående beskeder.",
    ),
    "English": ("Engels", "Engelsk"),
    "Dutch": ("Nederlands", "Nederlandsk"),
    "Danish": ("Deens", "Dansk"),
    "Use the e-mail address your organisation gave you.": (
        "Gebruik het e-mailadres dat je van je organisatie hebt gekregen.",
        "Brug den e-mailadresse, du har fået af din arbejdsplads.",
    ),
    'Looking for the <a href="%(selftest_url)s">anonymous self-test</a>? You do not need to log in for that.': (
        'Zoek je de <a href="%(selftest_url)s">anonieme zelftest</a>? Daarvoor hoef je niet in te loggen.',
        'Leder du efter den <a href="%(selftest_url)s">anonyme selvtest</a>? Den kræver ikke, at du logger ind.',
    ),
    "Only a superuser can change roles, staff status and superuser status.": (
        "Alleen een supergebruiker kan rollen, de stafstatus en de supergebruikerstatus wijzigen.",
        "Kun en superbruger kan ændre roller, admin-status og superbrugerstatus.",
    ),
    "Who looked at my records": (
        "Wie heeft mijn gegevens bekeken",
        "Hvem har set mine oplysninger",
    ),
    "Every time someone else opened your request, plan, appointment or deployment.": (
        "Elke keer dat iemand anders je aanvraag, plan, afspraak of uitzending opende.",
        "Hver gang en anden åbnede din henvendelse, plan, aftale eller udsendelse.",
    ),
    "Every time someone else opened or changed one of your records (a request for support, a follow-up plan, an appointment, a deployment), or saw your name in a list of them, it is written here.": (
        "Elke keer dat iemand anders een van je gegevens opende of wijzigde (een aanvraag voor steun, een nazorgplan, een afspraak, een uitzending), of je naam zag in een lijst daarvan, staat dat hier.",
        "Hver gang en anden åbnede eller ændrede en af dine oplysninger (en henvendelse om støtte, en opfølgningsplan, en aftale, en udsendelse) eller så dit navn på en liste over dem, står det her.",
    ),
    "When": (
        "Wanneer",
        "Hvornår",
    ),
    "Who": (
        "Wie",
        "Hvem",
    ),
    "What": (
        "Wat",
        "Hvad",
    ),
    "Nobody else has looked at your records.": (
        "Niemand anders heeft je gegevens bekeken.",
        "Ingen andre har set dine oplysninger.",
    ),
    "looked at or changed one of your records": (
        "heeft een van je gegevens bekeken of gewijzigd",
        "så eller ændrede en af dine oplysninger",
    ),
    "Go to the home page": (
        "Naar de startpagina",
        "Gå til forsiden",
    ),
    "Need help now?": (
        "Nu hulp nodig?",
        "Brug for hjælp nu?",
    ),
    "Page not found": (
        "Pagina niet gevonden",
        "Siden findes ikke",
    ),
    "We cannot find this page": (
        "We kunnen deze pagina niet vinden",
        "Vi kan ikke finde denne side",
    ),
    "The link may be out of date or mistyped, or the page is not available to you.": (
        "De link is misschien verouderd of verkeerd getypt, of de pagina is niet voor jou beschikbaar.",
        "Linket er måske forældet eller skrevet forkert, eller også er siden ikke tilgængelig for dig.",
    ),
    "No access": (
        "Geen toegang",
        "Ingen adgang",
    ),
    "You cannot open this page": (
        "Je kunt deze pagina niet openen",
        "Du kan ikke åbne denne side",
    ),
    "This page is not part of your role in the portal. If you think it should be, ask the portal's administrator.": (
        "Deze pagina hoort niet bij jouw rol in het portaal. Denk je dat dat niet klopt? Vraag het dan aan de beheerder van het portaal.",
        "Siden hører ikke til din rolle i portalen. Mener du, at den burde gøre det, så spørg portalens administrator.",
    ),
    "This form has expired": (
        "Dit formulier is verlopen",
        "Formularen er udløbet",
    ),
    "For your safety a form only works for a while, and only when your browser accepts cookies from the portal. Go back, reload the page and send it again.": (
        "Voor je veiligheid werkt een formulier maar een tijdje, en alleen als je browser cookies van het portaal accepteert. Ga terug, laad de pagina opnieuw en verstuur het nog een keer.",
        "Af hensyn til din sikkerhed virker en formular kun i et stykke tid, og kun når din browser accepterer cookies fra portalen. Gå tilbage, genindlæs siden, og send den igen.",
    ),
    "Something went wrong": (
        "Er ging iets mis",
        "Noget gik galt",
    ),
    "The portal could not read this request": (
        "Het portaal kon dit verzoek niet lezen",
        "Portalen kunne ikke læse denne forespørgsel",
    ),
    "Go back and try again, or start again from the home page.": (
        "Ga terug en probeer het opnieuw, of begin opnieuw op de startpagina.",
        "Gå tilbage og prøv igen, eller start forfra på forsiden.",
    ),
    "Something went wrong on our side": (
        "Er ging bij ons iets mis",
        "Der gik noget galt hos os",
    ),
    "The portal could not finish this. Please try again in a few minutes; if it keeps happening, tell the portal's administrator.": (
        "Het portaal kon dit niet afmaken. Probeer het over een paar minuten opnieuw. Blijft het gebeuren? Meld het dan bij de beheerder van het portaal.",
        "Portalen kunne ikke gøre det færdigt. Prøv igen om et par minutter. Bliver det ved, så sig det til portalens administrator.",
    ),
    "At least %(length)s characters, not only digits, not a common password, and not like your name or e-mail address.": (
        "Minstens %(length)s tekens, niet alleen cijfers, geen veelgebruikt wachtwoord, en niet te veel lijkend op je naam of e-mailadres.",
        "Mindst %(length)s tegn, ikke kun tal, ikke en almindelig adgangskode, og ikke for lig dit navn eller din e-mailadresse.",
    ),
    "E-mail address": (
        "E-mailadres",
        "E-mailadresse",
    ),
    "Password": (
        "Wachtwoord",
        "Adgangskode",
    ),
    "New password": (
        "Nieuw wachtwoord",
        "Ny adgangskode",
    ),
    "New password, once more": (
        "Nieuw wachtwoord, nog een keer",
        "Ny adgangskode, en gang til",
    ),
    "Current password": (
        "Huidig wachtwoord",
        "Nuværende adgangskode",
    ),
    "Code from your authenticator app": (
        "Code uit je authenticator-app",
        "Kode fra din godkendelsesapp",
    ),
    "The six digits the app shows now. No phone at hand? Type one of your recovery codes instead.": (
        "De zes cijfers die de app nu laat zien. Je telefoon niet bij de hand? Typ dan een van je herstelcodes.",
        "De seks cifre, som appen viser lige nu. Har du ikke din telefon ved hånden? Så skriv en af dine gendannelseskoder.",
    ),
    "The six digits the app shows for the portal, once you have added it.": (
        "De zes cijfers die de app voor het portaal laat zien, zodra je het hebt toegevoegd.",
        "De seks cifre, som appen viser for portalen, når du har tilføjet den.",
    ),
    "Do you want to log out of the portal?": (
        "Wil je uitloggen uit het portaal?",
        "Vil du logge ud af portalen?",
    ),
    "Confirm it is you": (
        "Bevestig dat jij het bent",
        "Bekræft, at det er dig",
    ),
    "This keeps your account safe: type your password once more.": (
        "Zo blijft je account veilig: typ je wachtwoord nog een keer.",
        "Det holder din konto sikker: skriv din adgangskode en gang til.",
    ),
    "Confirm": (
        "Bevestigen",
        "Bekræft",
    ),
    "Use a code from your authenticator app instead": (
        "Gebruik liever een code uit je authenticator-app",
        "Brug i stedet en kode fra din godkendelsesapp",
    ),
    "Use your security key instead": (
        "Gebruik liever je beveiligingssleutel",
        "Brug i stedet din sikkerhedsnøgle",
    ),
    "Forgot your password?": (
        "Wachtwoord vergeten?",
        "Glemt din adgangskode?",
    ),
    "Type the e-mail address you log in with. We will send you a link to choose a new password.": (
        "Typ het e-mailadres waarmee je inlogt. We sturen je een link om een nieuw wachtwoord te kiezen.",
        "Skriv den e-mailadresse, du logger ind med. Vi sender dig et link, så du kan vælge en ny adgangskode.",
    ),
    "Send me a link": (
        "Stuur me een link",
        "Send mig et link",
    ),
    "No e-mail after a few minutes? Look in your spam folder, or ask the portal's administrator.": (
        "Na een paar minuten nog geen e-mail? Kijk in je spammap, of vraag het aan de beheerder van het portaal.",
        "Ingen e-mail efter et par minutter? Se i din spam-mappe, eller spørg portalens administrator.",
    ),
    "Check your e-mail": (
        "Kijk in je e-mail",
        "Tjek din e-mail",
    ),
    "We have sent an e-mail to the address you typed. Follow the link in it to choose a new password.": (
        "We hebben een e-mail gestuurd naar het adres dat je hebt getypt. Volg de link daarin om een nieuw wachtwoord te kiezen.",
        "Vi har sendt en e-mail til den adresse, du skrev. Følg linket i den for at vælge en ny adgangskode.",
    ),
    "Back to log in": (
        "Terug naar inloggen",
        "Tilbage til log ind",
    ),
    "This link no longer works": (
        "Deze link werkt niet meer",
        "Linket virker ikke længere",
    ),
    "A link to choose a new password works once, and only for a limited time.": (
        "Een link om een nieuw wachtwoord te kiezen werkt maar één keer, en maar een beperkte tijd.",
        "Et link til at vælge en ny adgangskode virker kun én gang og kun i en begrænset tid.",
    ),
    "Ask for a new link": (
        "Vraag een nieuwe link aan",
        "Bed om et nyt link",
    ),
    "Choose a new password": (
        "Kies een nieuw wachtwoord",
        "Vælg en ny adgangskode",
    ),
    "Save my new password": (
        "Mijn nieuwe wachtwoord opslaan",
        "Gem min nye adgangskode",
    ),
    "Your new password is saved": (
        "Je nieuwe wachtwoord is opgeslagen",
        "Din nye adgangskode er gemt",
    ),
    "Change your password": (
        "Je wachtwoord wijzigen",
        "Skift din adgangskode",
    ),
    "You are logged out.": (
        "Je bent uitgelogd.",
        "Du er logget ud.",
    ),
    "Your new password is saved.": (
        "Je nieuwe wachtwoord is opgeslagen.",
        "Din nye adgangskode er gemt.",
    ),
    "Your authenticator app is set up.": (
        "Je authenticator-app is ingesteld.",
        "Din godkendelsesapp er sat op.",
    ),
    "Your authenticator app is turned off.": (
        "Je authenticator-app staat uit.",
        "Din godkendelsesapp er slået fra.",
    ),
    "Your new recovery codes are ready. The old ones no longer work.": (
        "Je nieuwe herstelcodes staan klaar. De oude werken niet meer.",
        "Dine nye gendannelseskoder er klar. De gamle virker ikke længere.",
    ),
    "Choose a new password for the portal": (
        "Kies een nieuw wachtwoord voor het portaal",
        "Vælg en ny adgangskode til portalen",
    ),
    "Someone asked for a new password for your account on the portal, probably you. To choose one, open this link. It works once, for a limited time:": (
        "Iemand heeft een nieuw wachtwoord aangevraagd voor je account in het portaal, waarschijnlijk jij. Open deze link om er een te kiezen. Hij werkt één keer, en maar een beperkte tijd:",
        "Nogen har bedt om en ny adgangskode til din konto i portalen, sandsynligvis dig. Åbn dette link for at vælge en. Det virker én gang og kun i en begrænset tid:",
    ),
    "Did you not ask for this? Then you can ignore this e-mail: your password stays as it is.": (
        "Heb je dit niet aangevraagd? Dan kun je deze e-mail negeren: je wachtwoord blijft zoals het is.",
        "Har du ikke bedt om det? Så kan du se bort fra denne e-mail: din adgangskode forbliver, som den er.",
    ),
    "Your request for a new password": (
        "Je aanvraag voor een nieuw wachtwoord",
        "Din anmodning om en ny adgangskode",
    ),
    "Someone asked the portal for a new password for %(email)s, but the portal has no account with this address. Use the e-mail address your organisation gave you, or ask the portal's administrator.": (
        "Iemand heeft het portaal om een nieuw wachtwoord voor %(email)s gevraagd, maar het portaal heeft geen account met dit adres. Gebruik het e-mailadres dat je van je organisatie hebt gekregen, of vraag het aan de beheerder van het portaal.",
        "Nogen har bedt portalen om en ny adgangskode til %(email)s, men portalen har ingen konto med denne adresse. Brug den e-mailadresse, du har fået af din arbejdsplads, eller spørg portalens administrator.",
    ),
    "Did you not ask for this? Then you can ignore this e-mail.": (
        "Heb je dit niet aangevraagd? Dan kun je deze e-mail negeren.",
        "Har du ikke bedt om det? Så kan du se bort fra denne e-mail.",
    ),
    "One more step": (
        "Nog één stap",
        "Et skridt mere",
    ),
    "Because of your role in the portal, we also ask for the code from your authenticator app.": (
        "Vanwege je rol in het portaal vragen we ook de code uit je authenticator-app.",
        "På grund af din rolle i portalen beder vi også om koden fra din godkendelsesapp.",
    ),
    "Cancel": (
        "Annuleren",
        "Annuller",
    ),
    "This keeps your account safe: type the code from your authenticator app.": (
        "Zo blijft je account veilig: typ de code uit je authenticator-app.",
        "Det holder din konto sikker: skriv koden fra din godkendelsesapp.",
    ),
    "Set up your authenticator app": (
        "Je authenticator-app instellen",
        "Sæt din godkendelsesapp op",
    ),
    "Because of your role in the portal, you log in with your password and a code from an app on your phone, such as Microsoft Authenticator or Google Authenticator.": (
        "Vanwege je rol in het portaal log je in met je wachtwoord én een code uit een app op je telefoon, zoals Microsoft Authenticator of Google Authenticator.",
        "På grund af din rolle i portalen logger du ind med din adgangskode og en kode fra en app på din telefon, for eksempel Microsoft Authenticator eller Google Authenticator.",
    ),
    "Open the app and scan this QR code.": (
        "Open de app en scan deze QR-code.",
        "Åbn appen, og scan denne QR-kode.",
    ),
    "QR code to add the portal to your authenticator app": (
        "QR-code om het portaal aan je authenticator-app toe te voegen",
        "QR-kode til at tilføje portalen i din godkendelsesapp",
    ),
    "Cannot scan it? Type this key in the app instead:": (
        "Lukt scannen niet? Typ dan deze sleutel in de app:",
        "Kan du ikke scanne den? Så skriv denne nøgle i appen:",
    ),
    "Type the six digits the app now shows.": (
        "Typ de zes cijfers die de app nu laat zien.",
        "Skriv de seks cifre, som appen nu viser.",
    ),
    "Turn off your authenticator app": (
        "Je authenticator-app uitzetten",
        "Slå din godkendelsesapp fra",
    ),
    "After this, logging in no longer asks for a code from the app. If your role needs one, the portal asks you to set up an app again straight away.": (
        "Daarna vraagt het inloggen geen code uit de app meer. Heeft je rol er een nodig, dan vraagt het portaal je meteen om opnieuw een app in te stellen.",
        "Derefter beder login ikke længere om en kode fra appen. Kræver din rolle en, beder portalen dig straks om at sætte en app op igen.",
    ),
    "Turn off": (
        "Uitzetten",
        "Slå fra",
    ),
    "Recovery codes": (
        "Herstelcodes",
        "Gendannelseskoder",
    ),
    "Each code works once, instead of a code from your app: for when your phone is lost or broken. Keep them somewhere safe, away from your phone.": (
        "Elke code werkt één keer, in plaats van een code uit je app: voor als je telefoon kwijt of kapot is. Bewaar ze op een veilige plek, niet bij je telefoon.",
        "Hver kode virker én gang i stedet for en kode fra din app: til når din telefon er væk eller i stykker. Gem dem et sikkert sted, ikke sammen med din telefon.",
    ),
    "Unused codes: %(unused)s of %(total)s.": (
        "Ongebruikte codes: %(unused)s van %(total)s.",
        "Ubrugte koder: %(unused)s af %(total)s.",
    ),
    "Unused codes": (
        "Ongebruikte codes",
        "Ubrugte koder",
    ),
    "Download the codes": (
        "Codes downloaden",
        "Download koderne",
    ),
    "Make new codes": (
        "Nieuwe codes maken",
        "Lav nye koder",
    ),
    "Make new recovery codes": (
        "Nieuwe herstelcodes maken",
        "Lav nye gendannelseskoder",
    ),
    "You get a new set of codes, each for one use.": (
        "Je krijgt een nieuwe reeks codes, elk voor één keer.",
        "Du får et nyt sæt koder, som hver kan bruges én gang.",
    ),
    "The codes you have now stop working.": (
        "De codes die je nu hebt, werken dan niet meer.",
        "De koder, du har nu, holder op med at virke.",
    ),
    "Authenticator app": (
        "Authenticator-app",
        "Godkendelsesapp",
    ),
    "You log in with a code from your authenticator app.": (
        "Je logt in met een code uit je authenticator-app.",
        "Du logger ind med en kode fra din godkendelsesapp.",
    ),
    "No authenticator app is set up.": (
        "Er is geen authenticator-app ingesteld.",
        "Der er ikke sat nogen godkendelsesapp op.",
    ),
    "Set up": (
        "Instellen",
        "Sæt op",
    ),
    "No recovery codes yet.": (
        "Nog geen herstelcodes.",
        "Ingen gendannelseskoder endnu.",
    ),
    "View": (
        "Bekijken",
        "Vis",
    ),
    "Security keys": (
        "Beveiligingssleutels",
        "Sikkerhedsnøgler",
    ),
    "Security keys added: %(count)s.": (
        "Toegevoegde beveiligingssleutels: %(count)s.",
        "Tilføjede sikkerhedsnøgler: %(count)s.",
    ),
    "Manage": (
        "Beheren",
        "Administrer",
    ),
    "No security key has been added.": (
        "Er is nog geen beveiligingssleutel toegevoegd.",
        "Der er endnu ikke tilføjet nogen sikkerhedsnøgle.",
    ),
    "Add": (
        "Toevoegen",
        "Tilføj",
    ),
    "Your account is closed": (
        "Je account is gesloten",
        "Din konto er lukket",
    ),
    "You can no longer log in with this account. If you think that is a mistake, ask the portal's administrator.": (
        "Je kunt met dit account niet meer inloggen. Denk je dat dat niet klopt? Vraag het dan aan de beheerder van het portaal.",
        "Du kan ikke længere logge ind med denne konto. Mener du, at det er en fejl, så spørg portalens administrator.",
    ),
    'The <a href="%(selftest_url)s">anonymous self-test</a> and the <a href="%(open_url)s">open consultation</a> work without an account.': (
        'De <a href="%(selftest_url)s">anonieme zelftest</a> en het <a href="%(open_url)s">open spreekuur</a> werken zonder account.',
        'Den <a href="%(selftest_url)s">anonyme selvtest</a> og den <a href="%(open_url)s">åbne rådgivning</a> virker uden konto.',
    ),
    "Accounts come from your organisation": (
        "Je account krijg je van je organisatie",
        "Din konto får du af din arbejdsplads",
    ),
    "Signing up here is closed: your organisation gives you an account. Log in with the e-mail address it gave you.": (
        "Zelf een account aanmaken kan hier niet: je krijgt er een van je organisatie. Log in met het e-mailadres dat je van je organisatie hebt gekregen.",
        "Du kan ikke selv oprette en konto her: du får en af din arbejdsplads. Log ind med den e-mailadresse, du har fået af din arbejdsplads.",
    ),
    "Please keep this to at most %(limit_value)d characters. It has %(show_value)d now.": (
        "Houd dit op hoogstens %(limit_value)d tekens. Nu zijn het er %(show_value)d.",
        "Hold det på højst %(limit_value)d tegn. Der er %(show_value)d nu.",
    ),
    "There is no unit with the code “%(code)s”.": (
        "Er is geen eenheid met de code “%(code)s”.",
        "Der er ingen enhed med koden “%(code)s”.",
    ),
    "Unknown role(s): %(roles)s. Known: %(known)s.": (
        "Onbekende rol(len): %(roles)s. Bekend: %(known)s.",
        "Ukendt(e) rolle(r): %(roles)s. Kendte: %(known)s.",
    ),
    "Unknown language “%(language)s”. Known: %(known)s.": (
        "Onbekende taal “%(language)s”. Bekend: %(known)s.",
        "Ukendt sprog “%(language)s”. Kendte: %(known)s.",
    ),
    "There is no unit with the code(s) %(codes)s.": (
        "Er is geen eenheid met de code(s) %(codes)s.",
        "Der er ingen enhed med koden/koderne %(codes)s.",
    ),
}
