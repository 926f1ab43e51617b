/**
 * Where generated customers come from: groups of first and last names that belong together, with the locales and
 * mail providers people from there use. Weights follow Mollie's markets (the Netherlands and Belgium first), so a
 * seeded table looks like a European merchant's. Names are written as their owners write them, diacritics and
 * all; a name in a non-Latin script carries its romanisation after a `|`, used to derive the email address.
 */
import type { Locale } from '../domain/schemas.js'

export interface NameCulture {
  /** Relative share of customers from this group. */
  weight: number
  /** The locales these customers pick, most likely first. */
  locales: readonly Locale[]
  firstNames: readonly string[]
  lastNames: readonly string[]
  /** Local mail providers; global ones (GLOBAL_EMAIL_DOMAINS) are mixed in as well. */
  emailDomains: readonly string[]
  /** How a company of this country is named after its owner: `{last}` is replaced. */
  companyForms: readonly string[]
  /** The top-level domain of this country's company websites. */
  topLevelDomain: string
  /** The share of people here with two surnames (Spain, Portugal). */
  doubleSurnameShare?: number
}

export const GLOBAL_EMAIL_DOMAINS = [
  'gmail.com', 'gmail.com', 'gmail.com', 'outlook.com', 'hotmail.com', 'icloud.com', 'yahoo.com', 'live.com',
  'proton.me', 'protonmail.com', 'me.com', 'aol.com', 'mail.com', 'fastmail.com',
] as const

export const NAME_CULTURES: readonly NameCulture[] = [
  {
    weight: 26,
    locales: ['nl_NL', 'en_NL', 'en_US'],
    firstNames: [
      'Jan', 'Daan', 'Sem', 'Lucas', 'Bram', 'Thijs', 'Ruben', 'Jeroen', 'Maarten', 'Pieter', 'Sjoerd', 'Gijs',
      'Joost', 'Wouter', 'Niels', 'Anouk', 'Sanne', 'Femke', 'Lotte', 'Eva', 'Julia', 'Fleur', 'Sophie', 'Noor',
      'Mila', 'Marieke', 'Ineke', 'Anke', 'Floor', 'Roos', 'Joëlle', 'Zoë', 'Chloë', 'Noël',
    ],
    lastNames: [
      'de Jong', 'Jansen', 'de Vries', 'van den Berg', 'van Dijk', 'Bakker', 'Janssen', 'Visser', 'Smit', 'Meijer',
      'de Boer', 'Mulder', 'de Groot', 'Bos', 'Vos', 'Peters', 'Hendriks', 'van Leeuwen', 'Dekker', 'Brouwer',
      'de Wit', 'Dijkstra', 'Smits', 'de Graaf', 'van der Meer', 'van der Linden', 'Kok', 'Jacobs', 'de Haan',
      'Vermeulen', 'van den Heuvel', 'van der Veen', "van 't Hof", 'Kuiper', 'Hoekstra', 'Öztürk',
    ],
    emailDomains: ['ziggo.nl', 'kpnmail.nl', 'hotmail.nl', 'live.nl', 'planet.nl', 'xs4all.nl', 'home.nl', 'upcmail.nl'],
    companyForms: ['{last} B.V.', 'Bakkerij {last}', '{last} Installatietechniek', 'Studio {last}', '{last} & Zn.'],
    topLevelDomain: 'nl',
  },
  {
    weight: 9,
    locales: ['nl_BE', 'en_BE'],
    firstNames: [
      'Wout', 'Arne', 'Jelle', 'Stijn', 'Pieter-Jan', 'Sander', 'Kobe', 'Lander', 'Tibo', 'Warre', 'Lies', 'Elke',
      'Griet', 'Hanne', 'Lotte', 'Marthe', 'Nele', 'Fien', 'Ine', 'Jolien', 'Ellen',
    ],
    lastNames: [
      'Peeters', 'Janssens', 'Maes', 'Jacobs', 'Mertens', 'Willems', 'Claes', 'Goossens', 'Wouters', 'De Smet',
      'Verhoeven', 'Van Damme', 'Vermeersch', 'De Clercq', 'Vandenberghe', 'Coppens', 'Dewulf', 'Declercq',
      'Van de Velde', 'Verstraete',
    ],
    emailDomains: ['telenet.be', 'skynet.be', 'proximus.be', 'hotmail.be', 'scarlet.be'],
    companyForms: ['{last} BV', '{last} NV', 'Brouwerij {last}', '{last} Bouw'],
    topLevelDomain: 'be',
  },
  {
    weight: 5,
    locales: ['fr_BE', 'fr_FR', 'en_BE'],
    firstNames: [
      'Maxime', 'Arnaud', 'Julien', 'Thibault', 'Cédric', 'Grégory', 'Amélie', 'Aurélie', 'Céline', 'Mélanie',
      'Élodie', 'Pauline', 'Laurence', 'Hélène',
    ],
    lastNames: [
      'Dubois', 'Lambert', 'Dupont', 'Martin', 'Simon', 'Laurent', 'Leclercq', 'Lejeune', 'Renard', 'Hennebert',
      'Collard', 'Lemaire', 'Dumont', 'Wéry',
    ],
    emailDomains: ['skynet.be', 'voo.be', 'hotmail.be', 'gmail.com'],
    companyForms: ['{last} SRL', 'Boulangerie {last}', '{last} & Fils'],
    topLevelDomain: 'be',
  },
  {
    weight: 16,
    locales: ['de_DE', 'de_AT', 'de_CH', 'de_LU'],
    firstNames: [
      'Lukas', 'Jonas', 'Leon', 'Finn', 'Felix', 'Maximilian', 'Paul', 'Tobias', 'Matthias', 'Jürgen', 'Jörg',
      'Björn', 'Sören', 'Uwe', 'Günther', 'Anna', 'Lena', 'Leonie', 'Hannah', 'Marie', 'Katharina', 'Sabine',
      'Jana', 'Ute', 'Bärbel', 'Änne', 'Käthe', 'Jördis', 'Franziska', 'Wiebke',
    ],
    lastNames: [
      'Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Meyer', 'Wagner', 'Becker', 'Schulz', 'Hoffmann',
      'Schäfer', 'Koch', 'Bauer', 'Richter', 'Klein', 'Wolf', 'Schröder', 'Neumann', 'Schwarz', 'Zimmermann',
      'Braun', 'Krüger', 'Hofmann', 'Hartmann', 'Lange', 'Weiß', 'Köhler', 'Groß', 'von Bülow', 'Müller-Lüdenscheidt',
      'Gruber', 'Huber', 'Pichler', 'Steiner',
    ],
    emailDomains: ['gmx.de', 'web.de', 't-online.de', 'gmx.net', 'freenet.de', 'posteo.de', 'gmx.at', 'bluewin.ch'],
    companyForms: ['{last} GmbH', '{last} GmbH & Co. KG', 'Bäckerei {last}', '{last} e.K.', 'Autohaus {last}'],
    topLevelDomain: 'de',
  },
  {
    weight: 9,
    locales: ['fr_FR', 'fr_LU', 'fr_BE'],
    firstNames: [
      'Louis', 'Gabriel', 'Léo', 'Raphaël', 'Hugo', 'Arthur', 'Théo', 'Noé', 'Benoît', 'François', 'Jérôme',
      'Stéphane', 'Emma', 'Jade', 'Louise', 'Alice', 'Léa', 'Chloé', 'Inès', 'Anaïs', 'Camille', 'Manon',
      'Françoise', 'Geneviève', 'Agnès', 'Océane',
    ],
    lastNames: [
      'Martin', 'Bernard', 'Thomas', 'Petit', 'Robert', 'Richard', 'Durand', 'Dubois', 'Moreau', 'Lefèvre',
      'Leroy', 'Roux', 'Fournier', 'Girard', 'Bonnet', 'Rousseau', 'Lefebvre', 'Mercier', 'Faure', 'Gauthier',
      'Chevalier', 'Garçon', 'Bréhier', 'Lemaître', "d'Artois", 'Côté',
    ],
    emailDomains: ['orange.fr', 'free.fr', 'laposte.net', 'sfr.fr', 'wanadoo.fr', 'yahoo.fr', 'hotmail.fr', 'bbox.fr'],
    companyForms: ['{last} SARL', '{last} SAS', 'Boulangerie {last}', 'Atelier {last}', 'Maison {last}'],
    topLevelDomain: 'fr',
  },
  {
    weight: 5,
    locales: ['es_ES', 'ca_ES'],
    firstNames: [
      'Alejandro', 'Pablo', 'Álvaro', 'Hugo', 'Adrián', 'Jesús', 'Íñigo', 'Jordi', 'Martí', 'Lucía', 'María',
      'Paula', 'Sofía', 'Carmen', 'Núria', 'Begoña', 'Ainhoa', 'Montserrat', 'Inés', 'Álex',
    ],
    lastNames: [
      'García', 'Rodríguez', 'González', 'Fernández', 'López', 'Martínez', 'Sánchez', 'Pérez', 'Gómez', 'Martín',
      'Jiménez', 'Ruiz', 'Hernández', 'Díaz', 'Muñoz', 'Álvarez', 'Romero', 'Núñez', 'Puig', 'Ferrer', 'Castaño',
      'Ibáñez',
    ],
    emailDomains: ['telefonica.net', 'hotmail.es', 'yahoo.es', 'movistar.es', 'outlook.es'],
    companyForms: ['{last} S.L.', 'Panadería {last}', 'Talleres {last} S.A.'],
    topLevelDomain: 'es',
    doubleSurnameShare: 0.6,
  },
  {
    weight: 2,
    locales: ['pt_PT'],
    firstNames: ['João', 'Tomás', 'Gonçalo', 'Duarte', 'Rodrigo', 'Inês', 'Leonor', 'Beatriz', 'Conceição', 'Mariana'],
    lastNames: ['Silva', 'Santos', 'Ferreira', 'Pereira', 'Oliveira', 'Costa', 'Rodrigues', 'Gonçalves', 'Simões', 'Magalhães'],
    emailDomains: ['sapo.pt', 'netcabo.pt', 'clix.pt', 'hotmail.com'],
    companyForms: ['{last} Lda.', 'Padaria {last}'],
    topLevelDomain: 'pt',
    doubleSurnameShare: 0.5,
  },
  {
    weight: 5,
    locales: ['it_IT'],
    firstNames: [
      'Francesco', 'Alessandro', 'Lorenzo', 'Matteo', 'Leonardo', 'Niccolò', 'Giuseppe', 'Sofia', 'Giulia',
      'Aurora', 'Chiara', 'Francesca', 'Ludovica', 'Gioele',
    ],
    lastNames: [
      'Rossi', 'Russo', 'Ferrari', 'Esposito', 'Bianchi', 'Romano', 'Colombo', 'Ricci', 'Marino', 'Greco',
      'Bruno', 'Gallo', 'Conti', 'De Luca', 'Mancini', 'Costa', 'Giordano', 'Lombardi', "D'Angelo", 'Fabbri',
    ],
    emailDomains: ['libero.it', 'virgilio.it', 'alice.it', 'tiscali.it', 'tin.it', 'fastwebnet.it'],
    companyForms: ['{last} S.r.l.', '{last} & Figli', 'Pasticceria {last}'],
    topLevelDomain: 'it',
  },
  {
    weight: 5,
    locales: ['en_GB', 'en_US'],
    firstNames: [
      'Oliver', 'George', 'Harry', 'Jack', 'Charlie', 'Thomas', 'James', 'William', 'Siobhán', 'Olivia', 'Amelia',
      'Isla', 'Ava', 'Emily', 'Charlotte', 'Niamh', 'Aoife', 'Seán',
    ],
    lastNames: [
      'Smith', 'Jones', 'Williams', 'Taylor', 'Brown', 'Davies', 'Evans', 'Wilson', 'Thomas', 'Johnson', 'Roberts',
      'Walker', 'Wright', "O'Brien", 'Murphy', "O'Sullivan", 'MacDonald', 'Ní Bhriain',
    ],
    emailDomains: ['btinternet.com', 'sky.com', 'hotmail.co.uk', 'yahoo.co.uk', 'virginmedia.com', 'eircom.net'],
    companyForms: ['{last} Ltd', '{last} & Sons Ltd', '{last} Consulting'],
    topLevelDomain: 'co.uk',
  },
  {
    weight: 3,
    locales: ['en_US'],
    firstNames: ['Michael', 'David', 'Chris', 'Ashley', 'Jessica', 'Madison', 'Tyler', 'Brandon', 'Kayla', 'Dakota'],
    lastNames: ['Miller', 'Davis', 'Garcia', 'Rodriguez', 'Martinez', 'Anderson', 'Jackson', 'White', 'Harris', 'Thompson'],
    emailDomains: ['comcast.net', 'att.net', 'verizon.net', 'yahoo.com'],
    companyForms: ['{last} LLC', '{last} Inc.', '{last} Co.'],
    topLevelDomain: 'com',
  },
  {
    weight: 2,
    locales: ['sv_SE'],
    firstNames: ['Erik', 'Lars', 'Anders', 'Björn', 'Måns', 'Astrid', 'Ingrid', 'Märta', 'Åsa', 'Linnéa', 'Sölve'],
    lastNames: ['Andersson', 'Johansson', 'Karlsson', 'Nilsson', 'Eriksson', 'Larsson', 'Öberg', 'Åberg', 'Lindström', 'Sjögren', 'Ström'],
    emailDomains: ['telia.com', 'bredband.net', 'spray.se', 'hotmail.se'],
    companyForms: ['{last} AB', '{last} & Co AB'],
    topLevelDomain: 'se',
  },
  {
    weight: 2,
    locales: ['nb_NO'],
    firstNames: ['Ole', 'Håkon', 'Sindre', 'Øystein', 'Jørgen', 'Ingrid', 'Solveig', 'Ragnhild', 'Åse', 'Kjersti'],
    lastNames: ['Hansen', 'Johansen', 'Olsen', 'Larsen', 'Andersen', 'Pedersen', 'Nilsen', 'Bjørnstad', 'Sæther', 'Løvås', 'Haugen'],
    emailDomains: ['online.no', 'hotmail.no', 'getmail.no', 'frisurf.no'],
    companyForms: ['{last} AS', '{last} Bygg AS'],
    topLevelDomain: 'no',
  },
  {
    weight: 2,
    locales: ['da_DK'],
    firstNames: ['Søren', 'Mads', 'Rasmus', 'Frederik', 'Morten', 'Mette', 'Sofie', 'Ida', 'Karen', 'Birgitte'],
    lastNames: ['Jensen', 'Nielsen', 'Hansen', 'Pedersen', 'Andersen', 'Christensen', 'Sørensen', 'Rasmussen', 'Kjær', 'Møller', 'Ørsted'],
    emailDomains: ['mail.dk', 'jubii.dk', 'stofanet.dk', 'hotmail.dk'],
    companyForms: ['{last} ApS', '{last} A/S'],
    topLevelDomain: 'dk',
  },
  {
    weight: 1,
    locales: ['fi_FI'],
    firstNames: ['Juha', 'Mikko', 'Jukka', 'Väinö', 'Eetu', 'Aino', 'Sanna', 'Päivi', 'Tiina', 'Eevi'],
    lastNames: ['Korhonen', 'Virtanen', 'Mäkinen', 'Nieminen', 'Mäkelä', 'Hämäläinen', 'Laine', 'Heikkinen', 'Järvinen', 'Kärkkäinen'],
    emailDomains: ['suomi24.fi', 'luukku.com', 'elisanet.fi'],
    companyForms: ['{last} Oy', '{last} Ky'],
    topLevelDomain: 'fi',
  },
  {
    weight: 0.5,
    locales: ['is_IS'],
    firstNames: ['Sigurður', 'Guðmundur', 'Ólafur', 'Þór', 'Guðrún', 'Sigríður', 'Kristín', 'Þórunn'],
    lastNames: ['Jónsson', 'Sigurðsson', 'Guðmundsdóttir', 'Jónsdóttir', 'Ólafsson', 'Þórsdóttir', 'Einarsson'],
    emailDomains: ['simnet.is', 'internet.is', 'visir.is'],
    companyForms: ['{last} ehf.'],
    topLevelDomain: 'is',
  },
  {
    weight: 4,
    locales: ['pl_PL'],
    firstNames: ['Łukasz', 'Paweł', 'Michał', 'Krzysztof', 'Wojciech', 'Tomasz', 'Zofia', 'Małgorzata', 'Agnieszka', 'Katarzyna', 'Żaneta', 'Jadwiga'],
    lastNames: ['Nowak', 'Kowalski', 'Wiśniewski', 'Wójcik', 'Kowalczyk', 'Kamiński', 'Lewandowska', 'Zieliński', 'Szymańska', 'Woźniak', 'Dąbrowski', 'Żółkiewski'],
    emailDomains: ['wp.pl', 'onet.pl', 'o2.pl', 'interia.pl', 'gazeta.pl'],
    companyForms: ['{last} Sp. z o.o.', 'Piekarnia {last}'],
    topLevelDomain: 'pl',
  },
  {
    weight: 1.5,
    locales: ['cs_CZ', 'sk_SK'],
    firstNames: ['Jiří', 'Tomáš', 'Lukáš', 'Ondřej', 'Matěj', 'Jana', 'Tereza', 'Lucie', 'Kateřina', 'Zuzana', 'Ľubica', 'Ľudovít'],
    lastNames: ['Novák', 'Svoboda', 'Novotný', 'Dvořák', 'Černý', 'Procházková', 'Kučera', 'Veselý', 'Horváth', 'Šťastný', 'Kováčová'],
    emailDomains: ['seznam.cz', 'email.cz', 'centrum.cz', 'azet.sk', 'zoznam.sk'],
    companyForms: ['{last} s.r.o.', '{last} a.s.'],
    topLevelDomain: 'cz',
  },
  {
    weight: 1,
    locales: ['hu_HU'],
    firstNames: ['Bence', 'Máté', 'Levente', 'Dániel', 'Zsófia', 'Réka', 'Anikó', 'Lőrinc', 'Ildikó', 'Győző'],
    lastNames: ['Nagy', 'Kovács', 'Tóth', 'Szabó', 'Horváth', 'Varga', 'Kiss', 'Molnár', 'Németh', 'Farkas', 'Szőke'],
    emailDomains: ['freemail.hu', 'citromail.hu', 't-online.hu', 'indamail.hu'],
    companyForms: ['{last} Kft.', '{last} Bt.'],
    topLevelDomain: 'hu',
  },
  {
    weight: 1,
    locales: ['lv_LV', 'lt_LT'],
    firstNames: ['Jānis', 'Mārtiņš', 'Andris', 'Ieva', 'Līga', 'Kristīne', 'Jonas', 'Mantas', 'Gintarė', 'Rūta', 'Žygimantas'],
    lastNames: ['Bērziņš', 'Kalniņš', 'Ozoliņa', 'Liepiņš', 'Kazlauskas', 'Petrauskienė', 'Jankauskas', 'Žukauskaitė', 'Vasiliauskas'],
    emailDomains: ['inbox.lv', 'apollo.lv', 'one.lt', 'gmail.com'],
    companyForms: ['SIA {last}', 'UAB {last}'],
    topLevelDomain: 'lv',
  },
  // Customers of European shops with roots elsewhere: many set no locale, or English, or their country's.
  {
    weight: 2,
    locales: ['nl_NL', 'de_DE', 'en_GB'],
    firstNames: ['Mehmet', 'Ayşe', 'Emre', 'Zeynep', 'Mustafa', 'Elif', 'Hüseyin', 'Büşra'],
    lastNames: ['Yılmaz', 'Kaya', 'Demir', 'Şahin', 'Çelik', 'Öztürk', 'Aydın', 'Doğan'],
    emailDomains: ['hotmail.com', 'gmail.com', 'outlook.com'],
    companyForms: ['{last} Handel', '{last} Bouw B.V.', '{last} GmbH'],
    topLevelDomain: 'com',
  },
  {
    weight: 2,
    locales: ['fr_FR', 'nl_NL', 'fr_BE', 'en_GB'],
    firstNames: ['Mohammed', 'Youssef', 'Fatima', 'Khadija', 'Rachid', 'Samira', 'Amine', 'Nour', 'محمد|Mohamed', 'ياسمين|Yasmin'],
    lastNames: ['El Amrani', 'Benali', 'Haddad', 'Bouzid', 'El Idrissi', 'Ait Taleb', 'Mansour', 'حداد|Haddad', 'العلوي|Alaoui'],
    emailDomains: ['hotmail.com', 'hotmail.fr', 'gmail.com', 'live.nl'],
    companyForms: ['{last} Trading', 'Boucherie {last}'],
    topLevelDomain: 'com',
  },
  {
    weight: 1,
    locales: ['en_GB', 'en_US', 'nl_NL'],
    firstNames: ['Priya', 'Arjun', 'Ananya', 'Rahul', 'Deepika', 'Vikram', 'Sanjay', 'Kavya'],
    lastNames: ['Sharma', 'Patel', 'Singh', 'Kumar', 'Gupta', 'Reddy', 'Iyer', 'Chatterjee'],
    emailDomains: ['gmail.com', 'yahoo.co.in', 'rediffmail.com', 'outlook.com'],
    companyForms: ['{last} Consulting', '{last} IT Services'],
    topLevelDomain: 'com',
  },
  {
    weight: 1,
    locales: ['en_GB', 'en_US', 'de_DE'],
    firstNames: ['Wei', 'Mei', 'Jing', 'Hao', 'Xin', '伟|Wei', '秀英|Xiuying', '婷|Ting', '俊杰|Junjie'],
    lastNames: ['Zhang', 'Wang', 'Li', 'Liu', 'Chen', '王|Wang', '陈|Chen', '李|Li', '张|Zhang'],
    emailDomains: ['qq.com', '163.com', 'gmail.com', 'outlook.com'],
    companyForms: ['{last} Import & Export', '{last} Trading Co.'],
    topLevelDomain: 'com',
  },
  {
    weight: 0.5,
    locales: ['en_US', 'en_GB'],
    firstNames: ['Hiroshi', 'Yuki', 'Haruto', 'Sakura', '翔太|Shota', '美咲|Misaki', '陽菜|Hina'],
    lastNames: ['Tanaka', 'Suzuki', 'Takahashi', 'Watanabe', '佐藤|Sato', '高橋|Takahashi', '小林|Kobayashi'],
    emailDomains: ['yahoo.co.jp', 'gmail.com', 'docomo.ne.jp'],
    companyForms: ['{last} Trading'],
    topLevelDomain: 'jp',
  },
  {
    weight: 0.5,
    locales: ['en_GB', 'fr_FR', 'de_DE'],
    firstNames: ['Thảo', 'Minh', 'Linh', 'Quang', 'Hương', 'Dũng'],
    lastNames: ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Võ'],
    emailDomains: ['gmail.com', 'yahoo.com', 'hotmail.com'],
    companyForms: ['{last} Nails', 'Restaurant {last}'],
    topLevelDomain: 'com',
  },
  {
    weight: 0.5,
    locales: ['en_GB', 'en_US'],
    firstNames: ['Oluwaseun', 'Chiamaka', 'Chinedu', 'Ngozi', 'Tunde', 'Adaeze'],
    lastNames: ['Okafor', 'Adeyemi', 'Okonkwo', 'Balogun', 'Eze', 'Nwosu'],
    emailDomains: ['gmail.com', 'yahoo.com', 'outlook.com'],
    companyForms: ['{last} Logistics', '{last} Ventures Ltd'],
    topLevelDomain: 'com',
  },
  {
    weight: 1.5,
    locales: ['pl_PL', 'de_DE', 'en_GB', 'lv_LV'],
    firstNames: ['Oleksandr', 'Olena', 'Dmytro', 'Iryna', 'Анастасия|Anastasia', 'Дмитрий|Dmitry', 'Олена|Olena', 'Сергій|Serhii'],
    lastNames: ['Shevchenko', 'Kovalenko', 'Bondarenko', 'Melnyk', 'Иванова|Ivanova', 'Смирнов|Smirnov', 'Коваленко|Kovalenko'],
    emailDomains: ['ukr.net', 'i.ua', 'gmail.com', 'mail.ru'],
    companyForms: ['{last} Transport', 'FOP {last}'],
    topLevelDomain: 'com',
  },
  {
    weight: 0.5,
    locales: ['en_GB', 'de_DE'],
    firstNames: ['Georgios', 'Dimitrios', 'Eleni', 'Maria', 'Θεόδωρος|Theodoros', 'Αικατερίνη|Aikaterini'],
    lastNames: ['Papadopoulos', 'Nikolaidis', 'Georgiou', 'Παπαδόπουλος|Papadopoulos', 'Οικονόμου|Oikonomou'],
    emailDomains: ['otenet.gr', 'yahoo.gr', 'gmail.com'],
    companyForms: ['{last} & Co', 'Taverna {last}'],
    topLevelDomain: 'gr',
  },
]
