// The demo's sample news: six sources styled after real breach-news sites, with stories about
// fictional organizations. Dates are hours before "now", so the demo always looks fresh.
// Two incidents are reported by two sources each (they cite the same primary document), so the
// river shows "Also reported by". A seventh source is down (503), so /status has a failing one.

export type DemoFormat = 'rss' | 'atom' | 'json' | 'html'

export interface DemoItem {
  slug: string
  title: string
  hoursAgo: number
  author?: string
  categories: string[]
  /** Paragraphs of the article (plain text; links are added from `cites`). */
  paragraphs: string[]
  /** A primary source the article links to (shared between two reports of one incident). */
  cites?: { url: string; text: string }
}

export interface DemoSource {
  id: string
  title: string
  description: string
  format: DemoFormat
  tags: string[]
  /** When set, the feed answers with this HTTP status (a source that is down, for /status). */
  failWith?: number
  items: DemoItem[]
}

const NOTICE_HARBORVIEW = {
  url: 'https://www.maine.gov/agviewer/content/ag/985235c7/harborview-dental-group-notice.html',
  text: 'the notice filed with the Maine Attorney General',
}
const ADVISORY_QUANTIX = {
  url: 'https://quantix-logistics.example.com/security-incident-update',
  text: 'Quantix Logistics’ incident update',
}
const FILING_CORALINE = {
  url: 'https://www.sec.gov/Archives/edgar/data/1999999/000199999926000042/coraline-8k.htm',
  text: 'an 8-K filing',
}

export const demoSources: DemoSource[] = [
  {
    id: 'databreaches',
    title: 'DataBreaches.net',
    description: 'The Office of Inadequate Security',
    format: 'rss',
    tags: ['breach'],
    items: [
      {
        slug: 'harborview-dental-group-notifies-212000-patients',
        title: 'Harborview Dental Group notifies 212,000 patients of data breach',
        hoursAgo: 2,
        author: 'Dissent',
        categories: ['Health Data', 'Hack', 'U.S.'],
        paragraphs: [
          'Harborview Dental Group, which operates 41 clinics across New England, has begun notifying 212,418 current and former patients that their information was taken during a network intrusion discovered in September.',
          'According to the notice filed with regulators, the attackers had access between August 29 and September 3 and copied files containing names, dates of birth, Social Security numbers, dental insurance details and treatment records. The group says it has found no evidence of misuse but is offering 24 months of credit monitoring.',
          'DataBreaches reached out to Harborview to ask whether a ransom demand was received, but has not yet received a reply.',
        ],
        cites: NOTICE_HARBORVIEW,
      },
      {
        slug: 'threat-actor-lists-millbrook-school-district-data',
        title: 'Threat actor lists Millbrook School District data on leak site',
        hoursAgo: 6,
        author: 'Dissent',
        categories: ['Education Sector', 'Ransomware', 'U.S.'],
        paragraphs: [
          'A ransomware group has added Millbrook School District to its leak site, claiming to hold 340 GB of files including student evaluations, payroll records and special-education plans.',
          'The district confirmed a “cybersecurity incident” last month that forced schools to cancel classes for two days. It has not yet said whether student data was involved. Samples posted by the group appear to include scanned medical forms.',
        ],
      },
      {
        slug: 'former-employee-charged-clinic-records',
        title: 'Former billing employee charged with selling clinic patient records',
        hoursAgo: 19,
        author: 'Dissent',
        categories: ['Insider', 'Health Data', 'Of Note'],
        paragraphs: [
          'Federal prosecutors have charged a former billing employee of a Phoenix orthopedic clinic with selling the records of more than 3,000 patients to a crew that used them to file fraudulent tax returns.',
          'The indictment alleges the employee photographed patient face sheets with a personal phone over a period of eighteen months and was paid per record through a messaging app.',
        ],
      },
      {
        slug: 'misconfigured-bucket-exposes-loyalty-program',
        title: 'Misconfigured storage bucket exposed 1.4 million loyalty program members',
        hoursAgo: 30,
        author: 'Dissent',
        categories: ['Exposure', 'Retail'],
        paragraphs: [
          'A researcher found an unprotected cloud storage bucket belonging to the loyalty program of a regional grocery chain. It held names, email addresses, phone numbers, purchase histories and partial card numbers for roughly 1.4 million members.',
          'The bucket was secured two days after the researcher’s report. The chain says it is reviewing logs to determine whether anyone else accessed the files.',
        ],
      },
      {
        slug: 'court-dismisses-class-action-pharmacy-breach',
        title: 'Court dismisses class action over 2025 pharmacy chain breach, for now',
        hoursAgo: 52,
        author: 'Dissent',
        categories: ['Litigation', 'Health Data'],
        paragraphs: [
          'A federal judge has dismissed a consolidated class action against a pharmacy chain over its 2025 breach, finding that most plaintiffs had not shown a concrete injury. The dismissal is without prejudice and the plaintiffs may amend their complaint.',
        ],
      },
      {
        slug: 'hacktivists-deface-municipal-water-portal',
        title: 'Hacktivists deface municipal water utility billing portal',
        hoursAgo: 75,
        author: 'Dissent',
        categories: ['Government Sector', 'Hack'],
        paragraphs: [
          'The billing portal of a small municipal water utility displayed a hacktivist banner for several hours on Sunday. The utility says treatment systems were never connected to the portal and customers can pay by phone while it is rebuilt.',
        ],
      },
      {
        slug: 'breach-notification-law-amendments-advance',
        title: 'State breach-notification amendments advance with 30-day deadline',
        hoursAgo: 120,
        author: 'Dissent',
        categories: ['Laws and Regulations', 'U.S.'],
        paragraphs: [
          'Amendments that would require businesses to notify affected residents within 30 days of discovering a breach, and to notify the attorney general when more than 500 residents are affected, passed a state senate committee on a unanimous vote.',
        ],
      },
    ],
  },
  {
    id: 'pogowasright',
    title: 'PogoWasRight.org',
    description: 'Privacy news, law, and commentary',
    format: 'rss',
    tags: ['privacy'],
    items: [
      {
        slug: 'regulator-fines-fitness-app-location-data',
        title: 'Regulator fines fitness app maker over sale of precise location data',
        hoursAgo: 4,
        author: 'Dissent',
        categories: ['Featured News', 'Location Privacy', 'Laws and Regulations'],
        paragraphs: [
          'A state privacy regulator has fined the maker of a popular running app $4.2 million for selling precise location data to advertising brokers without clear consent, in the first enforcement action under the state’s new consumer privacy law.',
          'The order also requires the company to delete location histories older than 90 days and to obtain fresh opt-in consent before sharing any location data with third parties.',
        ],
      },
      {
        slug: 'appeals-court-geofence-warrants',
        title: 'Appeals court weighs whether geofence warrants are general warrants',
        hoursAgo: 27,
        author: 'Dissent',
        categories: ['Court', 'Surveillance', 'U.S.'],
        paragraphs: [
          'Judges pressed both sides on whether a warrant that sweeps in the location history of everyone near a crime scene can ever be particular enough to satisfy the Fourth Amendment.',
        ],
      },
      {
        slug: 'school-surveillance-software-audit',
        title: 'Audit finds school monitoring software flagged students’ private messages',
        hoursAgo: 49,
        author: 'Dissent',
        categories: ['Youth & Children', 'Surveillance', 'Education Sector'],
        paragraphs: [
          'An audit commissioned by a school board found that student-monitoring software flagged thousands of private messages a month, most of them false positives, and shared alerts with staff who had no need to see them.',
        ],
      },
      {
        slug: 'data-broker-registry-enforcement',
        title: 'Data broker registry sends first warning letters to unregistered brokers',
        hoursAgo: 96,
        author: 'Dissent',
        categories: ['Business', 'Laws and Regulations'],
        paragraphs: [
          'The state agency that maintains the data broker registry sent warning letters to 38 companies it says buy and sell personal information without having registered, and gave them 30 days to comply.',
        ],
      },
      {
        slug: 'health-app-privacy-policy-study',
        title: 'Study: most mental-health apps still share data with advertisers',
        hoursAgo: 150,
        author: 'Dissent',
        categories: ['Health', 'Online'],
        paragraphs: [
          'Researchers who tested 60 mental-health apps found that 41 of them sent identifiers or usage events to advertising and analytics companies, often before the user had accepted a privacy policy.',
        ],
      },
    ],
  },
  {
    id: 'therecord',
    title: 'The Record',
    description: 'Cybersecurity news from Recorded Future News',
    format: 'atom',
    tags: ['news'],
    items: [
      {
        slug: 'quantix-logistics-ransomware-shipping-delays',
        title: 'Ransomware attack on Quantix Logistics disrupts shipping across the Midwest',
        hoursAgo: 3,
        author: 'Jonathan Greig',
        categories: ['Cybercrime', 'Ransomware', 'Industry'],
        paragraphs: [
          'Quantix Logistics, one of the largest freight brokers in the Midwest, said a ransomware attack forced it to take warehouse-management and dispatch systems offline on Monday, delaying deliveries for hundreds of retail customers.',
          'In an update posted to its website, the company said it had engaged outside incident responders and notified law enforcement. It did not say which group was behind the attack or whether data was stolen.',
        ],
        cites: ADVISORY_QUANTIX,
      },
      {
        slug: 'coraline-energy-8k-cyberattack',
        title: 'Coraline Energy discloses cyberattack in SEC filing',
        hoursAgo: 9,
        author: 'Suzanne Smalley',
        categories: ['Government', 'Industry', 'Cybercrime'],
        paragraphs: [
          'Coraline Energy told the Securities and Exchange Commission that an intruder accessed parts of its corporate network, and that it is still assessing whether customer information was taken. Operations at its power plants were not affected, the company said.',
        ],
        cites: FILING_CORALINE,
      },
      {
        slug: 'europol-takes-down-phishing-kit-service',
        title: 'Europol-led operation takes down phishing-as-a-service platform',
        hoursAgo: 22,
        author: 'Daryna Antoniuk',
        categories: ['Cybercrime', 'Law Enforcement'],
        paragraphs: [
          'Police in six countries seized servers and arrested four suspects behind a phishing-kit rental service used to target customers of more than 200 banks, Europol said on Thursday.',
        ],
      },
      {
        slug: 'cisa-warns-file-transfer-flaw',
        title: 'CISA warns of exploited flaw in managed file-transfer software',
        hoursAgo: 40,
        author: 'Jonathan Greig',
        categories: ['Government', 'Vulnerabilities'],
        paragraphs: [
          'The Cybersecurity and Infrastructure Security Agency added a path-traversal bug in a widely used managed file-transfer product to its catalog of known exploited vulnerabilities and gave federal agencies three weeks to patch.',
        ],
      },
      {
        slug: 'hospital-network-diverts-ambulances',
        title: 'Hospital network diverts ambulances after cyberattack',
        hoursAgo: 70,
        author: 'Jonathan Greig',
        categories: ['Cybercrime', 'Healthcare'],
        paragraphs: [
          'A three-hospital network in the Southeast diverted ambulances for a second day after a cyberattack took down its electronic health record system. Staff have switched to paper charts.',
        ],
      },
    ],
  },
  {
    id: 'bleepingcomputer',
    title: 'BleepingComputer',
    description: 'Technology news and support',
    format: 'rss',
    tags: ['news'],
    items: [
      {
        slug: 'quantix-logistics-hit-by-ransomware-attack',
        title: 'Quantix Logistics hit by ransomware attack, shipping delayed',
        hoursAgo: 1,
        author: 'Lawrence Abrams',
        categories: ['Security', 'Ransomware'],
        paragraphs: [
          'Freight broker Quantix Logistics has suffered a ransomware attack that encrypted servers used for dispatch and warehouse management, causing shipping delays for retailers that rely on the company.',
          'BleepingComputer has learned that the attack began late Sunday night. The company confirmed the incident in Quantix Logistics’ incident update but has not named the ransomware operation responsible.',
        ],
        cites: ADVISORY_QUANTIX,
      },
      {
        slug: 'infostealer-campaign-fake-browser-updates',
        title: 'New infostealer campaign spreads through fake browser updates',
        hoursAgo: 8,
        author: 'Bill Toulas',
        categories: ['Security', 'Malware'],
        paragraphs: [
          'A malware campaign is compromising legitimate websites to show visitors fake browser-update prompts that install an information stealer targeting saved passwords, session cookies and cryptocurrency wallets.',
          'Researchers say more than 1,100 sites have been injected with the malicious script so far, most of them running outdated content-management plugins.',
        ],
      },
      {
        slug: 'password-manager-autofill-bug-patched',
        title: 'Password manager fixes autofill bug that leaked credentials to iframes',
        hoursAgo: 26,
        author: 'Sergiu Gatlan',
        categories: ['Security', 'Software'],
        paragraphs: [
          'A popular password manager has released an update fixing a flaw that could make its browser extension fill saved credentials into invisible cross-origin iframes on compromised pages.',
        ],
      },
      {
        slug: 'ransomware-gang-leaks-coraline-energy-data',
        title: 'Ransomware gang claims Coraline Energy attack, leaks sample data',
        hoursAgo: 33,
        author: 'Lawrence Abrams',
        categories: ['Security', 'Ransomware'],
        paragraphs: [
          'A ransomware operation has claimed responsibility for the cyberattack on Coraline Energy and published what it says are samples of stolen contracts and employee records.',
        ],
      },
      {
        slug: 'microsoft-patch-tuesday-zero-days',
        title: 'Patch Tuesday fixes 3 zero-days and 71 flaws',
        hoursAgo: 58,
        author: 'Lawrence Abrams',
        categories: ['Microsoft', 'Security'],
        paragraphs: [
          'This month’s Patch Tuesday security updates fix 71 flaws, including three actively exploited zero-day vulnerabilities in the Windows kernel, the print spooler and a scripting engine.',
        ],
      },
      {
        slug: 'sim-swapping-ring-arrested',
        title: 'Police arrest SIM-swapping ring behind $9 million crypto thefts',
        hoursAgo: 100,
        author: 'Bill Toulas',
        categories: ['Security', 'Legal'],
        paragraphs: [
          'Authorities arrested five members of a SIM-swapping ring accused of hijacking the phone numbers of cryptocurrency investors and draining their accounts.',
        ],
      },
    ],
  },
  {
    id: 'hipaajournal',
    title: 'HIPAA Journal',
    description: 'HIPAA compliance news and healthcare data breaches',
    format: 'json',
    tags: ['health'],
    items: [
      {
        slug: 'harborview-dental-group-data-breach-212418',
        title: 'Harborview Dental Group Data Breach Affects 212,418 Patients',
        hoursAgo: 5,
        author: 'Steve Alder',
        categories: ['HIPAA Breach News', 'Dental'],
        paragraphs: [
          'Harborview Dental Group has reported a hacking incident affecting the protected health information of 212,418 patients. The breach was detected on September 3 when unusual network activity was identified.',
          'According to the notice filed with the Maine Attorney General, names, Social Security numbers, insurance information and clinical details were exposed. Notification letters started to be mailed this week, and affected individuals have been offered complimentary credit monitoring and identity theft protection services.',
        ],
        cites: NOTICE_HARBORVIEW,
      },
      {
        slug: 'ocr-settlement-risk-analysis-failures',
        title: 'OCR Announces $1.3 Million Settlement for Risk Analysis Failures',
        hoursAgo: 28,
        author: 'Steve Alder',
        categories: ['HIPAA Enforcement'],
        paragraphs: [
          'The HHS Office for Civil Rights has agreed to settle an investigation of a specialty physician group that never conducted an accurate, organization-wide risk analysis, despite two prior ransomware attacks.',
        ],
      },
      {
        slug: 'phishing-attack-behavioral-health-provider',
        title: 'Phishing Attack on Behavioral Health Provider Exposes 48,000 Records',
        hoursAgo: 45,
        author: 'Steve Alder',
        categories: ['HIPAA Breach News', 'Phishing'],
        paragraphs: [
          'A behavioral health provider has notified 48,200 patients that an employee’s email account was accessed after the employee responded to a phishing email. The account contained names, diagnoses and treatment information.',
        ],
      },
      {
        slug: 'business-associate-breach-affects-clinics',
        title: 'Business Associate Breach Affects Patients of 19 Clinics',
        hoursAgo: 80,
        author: 'Steve Alder',
        categories: ['HIPAA Breach News', 'Business Associates'],
        paragraphs: [
          'A medical transcription vendor has reported a breach of a file server that stored dictation files for 19 clinic customers. The vendor is notifying patients on behalf of the clinics.',
        ],
      },
    ],
  },
  {
    id: 'ag-notices',
    title: 'Attorney General Breach Notices',
    description: 'Data breach notices filed with the state Attorney General',
    format: 'html',
    tags: ['notices'],
    items: [
      {
        slug: 'notice-lakeshore-credit-union',
        title: 'Lakeshore Community Credit Union — 18,204 residents',
        hoursAgo: 7,
        categories: ['Financial'],
        paragraphs: [
          'Type of breach: external system breach (hacking). Information acquired: name, account number, routing number. Date of breach: 10/28. Date notices sent: this week.',
        ],
      },
      {
        slug: 'notice-pinecrest-property-management',
        title: 'Pinecrest Property Management — 2,311 residents',
        hoursAgo: 31,
        categories: ['Real Estate'],
        paragraphs: [
          'Type of breach: inadvertent disclosure. Information acquired: name, Social Security number, driver’s license number. Date of breach: 10/02.',
        ],
      },
      {
        slug: 'notice-northfield-university',
        title: 'Northfield University — 9,870 residents',
        hoursAgo: 60,
        categories: ['Education'],
        paragraphs: [
          'Type of breach: external system breach (ransomware). Information acquired: name, Social Security number, financial aid records. Date of breach: 09/14.',
        ],
      },
    ],
  },
  {
    id: 'leakwatch',
    title: 'Ransomware Leak Watch',
    description: 'A tracker of ransomware leak-site posts (down in this demo, to show a failing source)',
    format: 'rss',
    tags: ['tracker'],
    failWith: 503,
    items: [],
  },
]
