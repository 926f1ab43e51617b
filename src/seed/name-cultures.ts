/**
 * Where generated customers come from: groups of first and last names that belong together, with the locales and
 * mail providers people from there use (under reserved example domains only). Weights follow Mollie's markets (the Netherlands and Belgium first), so a
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
  /**
   * Local mail providers, each under the `.example` top-level domain that RFC 2606 reserves (`ziggo.example`):
   * seeded data can never mail a real person. Global ones (GLOBAL_EMAIL_DOMAINS) are mixed in as well.
   */
  emailDomains: readonly string[]
  /** How a company of this country is named after its owner: `{last}` is replaced. */
  companyForms: readonly string[]
  /** The share of people here with two surnames (Spain, Portugal). */
  doubleSurnameShare?: number
}

/** Reserved for examples by RFC 2606, as every domain here is: `example.com`, `.org`, `.net` and `*.example`. */
export const GLOBAL_EMAIL_DOMAINS = [
  'gmail.example', 'gmail.example', 'gmail.example', 'outlook.example', 'hotmail.example', 'icloud.example',
  'yahoo.example', 'proton.example', 'example.com', 'example.com', 'example.org', 'example.net', 'mail.example',
  'fastmail.example',
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
    emailDomains: ['ziggo.example', 'kpnmail.example', 'hotmail.example', 'live.example', 'planet.example', 'xs4all.example', 'home.example', 'upcmail.example'],
    companyForms: ['{last} B.V.', 'Bakkerij {last}', '{last} Installatietechniek', 'Studio {last}', '{last} & Zn.'],
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
    emailDomains: ['telenet.example', 'skynet.example', 'proximus.example', 'hotmail.example', 'scarlet.example'],
    companyForms: ['{last} BV', '{last} NV', 'Brouwerij {last}', '{last} Bouw'],
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
    emailDomains: ['skynet.example', 'voo.example', 'hotmail.example', 'gmail.example'],
    companyForms: ['{last} SRL', 'Boulangerie {last}', '{last} & Fils'],
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
    emailDomains: ['gmx.example', 'web.example', 't-online.example', 'gmx.example', 'freenet.example', 'posteo.example', 'gmx.example', 'bluewin.example'],
    companyForms: ['{last} GmbH', '{last} GmbH & Co. KG', 'Bäckerei {last}', '{last} e.K.', 'Autohaus {last}'],
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
    emailDomains: ['orange.example', 'free.example', 'laposte.example', 'sfr.example', 'wanadoo.example', 'yahoo.example', 'hotmail.example', 'bbox.example'],
    companyForms: ['{last} SARL', '{last} SAS', 'Boulangerie {last}', 'Atelier {last}', 'Maison {last}'],
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
    emailDomains: ['telefonica.example', 'hotmail.example', 'yahoo.example', 'movistar.example', 'outlook.example'],
    companyForms: ['{last} S.L.', 'Panadería {last}', 'Talleres {last} S.A.'],
    doubleSurnameShare: 0.6,
  },
  {
    weight: 2,
    locales: ['pt_PT'],
    firstNames: ['João', 'Tomás', 'Gonçalo', 'Duarte', 'Rodrigo', 'Inês', 'Leonor', 'Beatriz', 'Conceição', 'Mariana'],
    lastNames: ['Silva', 'Santos', 'Ferreira', 'Pereira', 'Oliveira', 'Costa', 'Rodrigues', 'Gonçalves', 'Simões', 'Magalhães'],
    emailDomains: ['sapo.example', 'netcabo.example', 'clix.example', 'hotmail.example'],
    companyForms: ['{last} Lda.', 'Padaria {last}'],
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
    emailDomains: ['libero.example', 'virgilio.example', 'alice.example', 'tiscali.example', 'tin.example', 'fastwebnet.example'],
    companyForms: ['{last} S.r.l.', '{last} & Figli', 'Pasticceria {last}'],
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
    emailDomains: ['btinternet.example', 'sky.example', 'hotmail.example', 'yahoo.example', 'virginmedia.example', 'eircom.example'],
    companyForms: ['{last} Ltd', '{last} & Sons Ltd', '{last} Consulting'],
  },
  {
    weight: 3,
    locales: ['en_US'],
    firstNames: ['Michael', 'David', 'Chris', 'Ashley', 'Jessica', 'Madison', 'Tyler', 'Brandon', 'Kayla', 'Dakota'],
    lastNames: ['Miller', 'Davis', 'Garcia', 'Rodriguez', 'Martinez', 'Anderson', 'Jackson', 'White', 'Harris', 'Thompson'],
    emailDomains: ['comcast.example', 'att.example', 'verizon.example', 'yahoo.example'],
    companyForms: ['{last} LLC', '{last} Inc.', '{last} Co.'],
  },
  {
    weight: 2,
    locales: ['sv_SE'],
    firstNames: ['Erik', 'Lars', 'Anders', 'Björn', 'Måns', 'Astrid', 'Ingrid', 'Märta', 'Åsa', 'Linnéa', 'Sölve'],
    lastNames: ['Andersson', 'Johansson', 'Karlsson', 'Nilsson', 'Eriksson', 'Larsson', 'Öberg', 'Åberg', 'Lindström', 'Sjögren', 'Ström'],
    emailDomains: ['telia.example', 'bredband.example', 'spray.example', 'hotmail.example'],
    companyForms: ['{last} AB', '{last} & Co AB'],
  },
  {
    weight: 2,
    locales: ['nb_NO'],
    firstNames: ['Ole', 'Håkon', 'Sindre', 'Øystein', 'Jørgen', 'Ingrid', 'Solveig', 'Ragnhild', 'Åse', 'Kjersti'],
    lastNames: ['Hansen', 'Johansen', 'Olsen', 'Larsen', 'Andersen', 'Pedersen', 'Nilsen', 'Bjørnstad', 'Sæther', 'Løvås', 'Haugen'],
    emailDomains: ['online.example', 'hotmail.example', 'getmail.example', 'frisurf.example'],
    companyForms: ['{last} AS', '{last} Bygg AS'],
  },
  {
    weight: 2,
    locales: ['da_DK'],
    firstNames: ['Søren', 'Mads', 'Rasmus', 'Frederik', 'Morten', 'Mette', 'Sofie', 'Ida', 'Karen', 'Birgitte'],
    lastNames: ['Jensen', 'Nielsen', 'Hansen', 'Pedersen', 'Andersen', 'Christensen', 'Sørensen', 'Rasmussen', 'Kjær', 'Møller', 'Ørsted'],
    emailDomains: ['mail.example', 'jubii.example', 'stofanet.example', 'hotmail.example'],
    companyForms: ['{last} ApS', '{last} A/S'],
  },
  {
    weight: 1,
    locales: ['fi_FI'],
    firstNames: ['Juha', 'Mikko', 'Jukka', 'Väinö', 'Eetu', 'Aino', 'Sanna', 'Päivi', 'Tiina', 'Eevi'],
    lastNames: ['Korhonen', 'Virtanen', 'Mäkinen', 'Nieminen', 'Mäkelä', 'Hämäläinen', 'Laine', 'Heikkinen', 'Järvinen', 'Kärkkäinen'],
    emailDomains: ['suomi24.example', 'luukku.example', 'elisanet.example'],
    companyForms: ['{last} Oy', '{last} Ky'],
  },
  {
    weight: 0.5,
    locales: ['is_IS'],
    firstNames: ['Sigurður', 'Guðmundur', 'Ólafur', 'Þór', 'Guðrún', 'Sigríður', 'Kristín', 'Þórunn'],
    lastNames: ['Jónsson', 'Sigurðsson', 'Guðmundsdóttir', 'Jónsdóttir', 'Ólafsson', 'Þórsdóttir', 'Einarsson'],
    emailDomains: ['simnet.example', 'internet.example', 'visir.example'],
    companyForms: ['{last} ehf.'],
  },
  {
    weight: 4,
    locales: ['pl_PL'],
    firstNames: ['Łukasz', 'Paweł', 'Michał', 'Krzysztof', 'Wojciech', 'Tomasz', 'Zofia', 'Małgorzata', 'Agnieszka', 'Katarzyna', 'Żaneta', 'Jadwiga'],
    lastNames: ['Nowak', 'Kowalski', 'Wiśniewski', 'Wójcik', 'Kowalczyk', 'Kamiński', 'Lewandowska', 'Zieliński', 'Szymańska', 'Woźniak', 'Dąbrowski', 'Żółkiewski'],
    emailDomains: ['wp.example', 'onet.example', 'o2.example', 'interia.example', 'gazeta.example'],
    companyForms: ['{last} Sp. z o.o.', 'Piekarnia {last}'],
  },
  {
    weight: 1.5,
    locales: ['cs_CZ', 'sk_SK'],
    firstNames: ['Jiří', 'Tomáš', 'Lukáš', 'Ondřej', 'Matěj', 'Jana', 'Tereza', 'Lucie', 'Kateřina', 'Zuzana', 'Ľubica', 'Ľudovít'],
    lastNames: ['Novák', 'Svoboda', 'Novotný', 'Dvořák', 'Černý', 'Procházková', 'Kučera', 'Veselý', 'Horváth', 'Šťastný', 'Kováčová'],
    emailDomains: ['seznam.example', 'email.example', 'centrum.example', 'azet.example', 'zoznam.example'],
    companyForms: ['{last} s.r.o.', '{last} a.s.'],
  },
  {
    weight: 1,
    locales: ['hu_HU'],
    firstNames: ['Bence', 'Máté', 'Levente', 'Dániel', 'Zsófia', 'Réka', 'Anikó', 'Lőrinc', 'Ildikó', 'Győző'],
    lastNames: ['Nagy', 'Kovács', 'Tóth', 'Szabó', 'Horváth', 'Varga', 'Kiss', 'Molnár', 'Németh', 'Farkas', 'Szőke'],
    emailDomains: ['freemail.example', 'citromail.example', 't-online.example', 'indamail.example'],
    companyForms: ['{last} Kft.', '{last} Bt.'],
  },
  {
    weight: 1,
    locales: ['lv_LV', 'lt_LT'],
    firstNames: ['Jānis', 'Mārtiņš', 'Andris', 'Ieva', 'Līga', 'Kristīne', 'Jonas', 'Mantas', 'Gintarė', 'Rūta', 'Žygimantas'],
    lastNames: ['Bērziņš', 'Kalniņš', 'Ozoliņa', 'Liepiņš', 'Kazlauskas', 'Petrauskienė', 'Jankauskas', 'Žukauskaitė', 'Vasiliauskas'],
    emailDomains: ['inbox.example', 'apollo.example', 'one.example', 'gmail.example'],
    companyForms: ['SIA {last}', 'UAB {last}'],
  },
  // Customers of European shops with roots elsewhere: many set no locale, or English, or their country's.
  {
    weight: 2,
    locales: ['nl_NL', 'de_DE', 'en_GB'],
    firstNames: ['Mehmet', 'Ayşe', 'Emre', 'Zeynep', 'Mustafa', 'Elif', 'Hüseyin', 'Büşra'],
    lastNames: ['Yılmaz', 'Kaya', 'Demir', 'Şahin', 'Çelik', 'Öztürk', 'Aydın', 'Doğan'],
    emailDomains: ['hotmail.example', 'gmail.example', 'outlook.example'],
    companyForms: ['{last} Handel', '{last} Bouw B.V.', '{last} GmbH'],
  },
  {
    weight: 2,
    locales: ['fr_FR', 'nl_NL', 'fr_BE', 'en_GB'],
    firstNames: ['Mohammed', 'Youssef', 'Fatima', 'Khadija', 'Rachid', 'Samira', 'Amine', 'Nour', 'محمد|Mohamed', 'ياسمين|Yasmin'],
    lastNames: ['El Amrani', 'Benali', 'Haddad', 'Bouzid', 'El Idrissi', 'Ait Taleb', 'Mansour', 'حداد|Haddad', 'العلوي|Alaoui'],
    emailDomains: ['hotmail.example', 'hotmail.example', 'gmail.example', 'live.example'],
    companyForms: ['{last} Trading', 'Boucherie {last}'],
  },
  {
    weight: 1,
    locales: ['en_GB', 'en_US', 'nl_NL'],
    firstNames: ['Priya', 'Arjun', 'Ananya', 'Rahul', 'Deepika', 'Vikram', 'Sanjay', 'Kavya'],
    lastNames: ['Sharma', 'Patel', 'Singh', 'Kumar', 'Gupta', 'Reddy', 'Iyer', 'Chatterjee'],
    emailDomains: ['gmail.example', 'yahoo.example', 'rediffmail.example', 'outlook.example'],
    companyForms: ['{last} Consulting', '{last} IT Services'],
  },
  {
    weight: 1,
    locales: ['en_GB', 'en_US', 'de_DE'],
    firstNames: ['Wei', 'Mei', 'Jing', 'Hao', 'Xin', '伟|Wei', '秀英|Xiuying', '婷|Ting', '俊杰|Junjie'],
    lastNames: ['Zhang', 'Wang', 'Li', 'Liu', 'Chen', '王|Wang', '陈|Chen', '李|Li', '张|Zhang'],
    emailDomains: ['qq.example', '163.example', 'gmail.example', 'outlook.example'],
    companyForms: ['{last} Import & Export', '{last} Trading Co.'],
  },
  {
    weight: 0.5,
    locales: ['en_US', 'en_GB'],
    firstNames: ['Hiroshi', 'Yuki', 'Haruto', 'Sakura', '翔太|Shota', '美咲|Misaki', '陽菜|Hina'],
    lastNames: ['Tanaka', 'Suzuki', 'Takahashi', 'Watanabe', '佐藤|Sato', '高橋|Takahashi', '小林|Kobayashi'],
    emailDomains: ['yahoo.example', 'gmail.example', 'docomo.example'],
    companyForms: ['{last} Trading'],
  },
  {
    weight: 0.5,
    locales: ['en_GB', 'fr_FR', 'de_DE'],
    firstNames: ['Thảo', 'Minh', 'Linh', 'Quang', 'Hương', 'Dũng'],
    lastNames: ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Võ'],
    emailDomains: ['gmail.example', 'yahoo.example', 'hotmail.example'],
    companyForms: ['{last} Nails', 'Restaurant {last}'],
  },
  {
    weight: 0.5,
    locales: ['en_GB', 'en_US'],
    firstNames: ['Oluwaseun', 'Chiamaka', 'Chinedu', 'Ngozi', 'Tunde', 'Adaeze'],
    lastNames: ['Okafor', 'Adeyemi', 'Okonkwo', 'Balogun', 'Eze', 'Nwosu'],
    emailDomains: ['gmail.example', 'yahoo.example', 'outlook.example'],
    companyForms: ['{last} Logistics', '{last} Ventures Ltd'],
  },
  {
    weight: 1.5,
    locales: ['pl_PL', 'de_DE', 'en_GB', 'lv_LV'],
    firstNames: ['Oleksandr', 'Olena', 'Dmytro', 'Iryna', 'Анастасия|Anastasia', 'Дмитрий|Dmitry', 'Олена|Olena', 'Сергій|Serhii'],
    lastNames: ['Shevchenko', 'Kovalenko', 'Bondarenko', 'Melnyk', 'Иванова|Ivanova', 'Смирнов|Smirnov', 'Коваленко|Kovalenko'],
    emailDomains: ['ukr.example', 'i.example', 'gmail.example', 'mail.example'],
    companyForms: ['{last} Transport', 'FOP {last}'],
  },
  {
    weight: 0.5,
    locales: ['en_GB', 'de_DE'],
    firstNames: ['Georgios', 'Dimitrios', 'Eleni', 'Maria', 'Θεόδωρος|Theodoros', 'Αικατερίνη|Aikaterini'],
    lastNames: ['Papadopoulos', 'Nikolaidis', 'Georgiou', 'Παπαδόπουλος|Papadopoulos', 'Οικονόμου|Oikonomou'],
    emailDomains: ['otenet.example', 'yahoo.example', 'gmail.example'],
    companyForms: ['{last} & Co', 'Taverna {last}'],
  },
]
