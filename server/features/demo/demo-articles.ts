/** The demo newsroom: a few articles so the demo shows a real article page and its neighbours. */
export interface DemoArticle {
  slug: string;
  section: string;
  headline: string;
  standfirst: string;
  byline: string;
  published: string;
  paragraphs: string[];
}

export const DEMO_ARTICLES: DemoArticle[] = [
  {
    slug: 'harbour-wind-farm-approved',
    section: 'Local',
    headline: 'Council approves offshore wind farm after marathon harbour hearing',
    standfirst:
      'Forty turbines will rise eleven kilometres off the coast by 2029. Fishermen won a seasonal exclusion zone; the harbour gets a maintenance base and about 120 permanent jobs.',
    byline: 'By Maren Okafor, Environment correspondent',
    published: '2026-11-24T18:30:00Z',
    paragraphs: [
      'After nine hours of testimony that ran past midnight, the city council voted 7–2 on Tuesday to approve the Northgate Offshore wind project, ending three years of studies, petitions and public meetings about the turbines that will soon sit on the horizon.',
      'The 480-megawatt farm, to be built by a consortium led by Baltic Renewables, is expected to supply the equivalent of 380,000 homes. Construction of the foundations is planned for the spring of 2027, with the first power delivered to the grid two years later.',
      '“This is the biggest investment this harbour has seen since the container terminal,” said councillor Ines Marchetti, who chairs the planning committee. “But we did not approve it at any price. The conditions are what make it a good deal for the town.”',
      'Those conditions, added over the summer after objections from the local fishing cooperative, include a seasonal exclusion zone around the spawning grounds east of the site, a compensation fund of €4 million for affected crews, and a requirement that the operations and maintenance base be located in the old ferry terminal rather than in a neighbouring port.',
      'Not everyone was persuaded. Residents of the Seaview district, whose houses face the site, asked for the turbines to be moved further out to sea. “We were told the view would barely change. Then we saw the simulations,” said Tom Heller, who spoke for a group of 300 households.',
      'The developer said moving the site further offshore would push the water depth beyond what fixed foundations can handle and add years to the schedule. A visual impact study will be published before construction begins, the council said.',
      'The project now needs a grid connection permit from the national regulator, expected early next year. The council will hold a public information evening at the maritime museum on 3 December.',
    ],
  },
  {
    slug: 'night-trains-return',
    section: 'Travel',
    headline: 'Night trains return to the coast line for the first time since 2009',
    standfirst: 'A sleeper service will run three nights a week from March, with couchettes from €49.',
    byline: 'By Jonas Lindqvist',
    published: '2026-11-22T07:00:00Z',
    paragraphs: [
      'The regional rail operator confirmed on Sunday that overnight trains will once again link the capital and the coast, with a first departure planned for 14 March.',
      'Tickets go on sale in January. The operator says demand from weekend travellers and cyclists justified the return of the service.',
    ],
  },
  {
    slug: 'library-late-opening',
    section: 'Culture',
    headline: 'Central library to stay open until midnight during exam season',
    standfirst: 'Students asked; the city listened. A six-week trial starts on 1 December.',
    byline: 'By Aiko Tanaka',
    published: '2026-11-20T12:15:00Z',
    paragraphs: [
      'The central library will extend its opening hours until midnight from Monday to Thursday during the winter exam period, the city announced.',
      'The trial will be reviewed in January; if attendance is high, the late opening could become permanent during exams.',
    ],
  },
  {
    slug: 'market-square-redesign',
    section: 'City',
    headline: 'Market square redesign puts trees and fountains where cars used to park',
    standfirst: 'Architects unveil three proposals; residents can vote until the end of the month.',
    byline: 'By Carla Mendes',
    published: '2026-11-18T09:45:00Z',
    paragraphs: [
      'Three design teams presented their plans for the market square on Wednesday evening. All three remove the 60 parking spaces that currently occupy the square.',
      'Residents can vote for their favourite at the town hall or online until 30 November.',
    ],
  },
];

export const DEMO_SITE_ID = 'demo';

/** The page key of a demo article: its path, as the widget derives it from the canonical URL. */
export function demoArticlePath(slug: string): string {
  return `/articles/${slug}`;
}
