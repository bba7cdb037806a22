import type { SeedComment } from './seed.ts';

/**
 * The discussion under the demo's lead story, written by hand so it reads like a real one: each
 * reply answers what it replies to, and no two say the same thing. The votes are written as vote
 * rows (seed.ts), so a reader's up-vote adds one to what they see.
 */
export const DEMO_DISCUSSION: SeedComment[] = [
  {
    author: 'Viktor Mendes',
    body: 'My family has fished here for three generations. The **seasonal exclusion zone** around the spawning grounds is the first thing the council has got right in years. The compensation fund still looks small next to what a crew loses in one bad season, though.',
    votes: 19,
    replies: [
      {
        author: 'Ines Brennan',
        body: '€4 million over how many boats? I could not find the number of crews it is meant to cover anywhere in the conditions.',
        votes: 6,
        replies: [{ author: 'Viktor Mendes', body: 'About forty boats registered at the cooperative, so it depends on how many seasons it has to last. Nobody at the hearing would say.', votes: 4 }],
      },
      { author: 'old_ferryman', body: 'Good to hear a fisherman say something positive about it. At the hearing it sounded like the whole cooperative was against.', votes: 2 },
    ],
  },
  {
    author: 'Priya Haddad',
    body: 'I live in Seaview and I am not worried. From our street the turbines will be about the size of a thumbnail on the horizon. I would still like to see the **visual impact study** before construction starts, not after.',
    votes: 11,
    replies: [
      {
        author: 'seaview_resident',
        body: 'The simulations shown at the hearing were from the beach, not from the houses on the hill. From up there it is a different picture.',
        votes: 7,
      },
    ],
  },
  {
    author: 'gridnerd',
    body: 'The council vote was the easy part. The real bottleneck is the **grid connection permit** from the national regulator — the article says early next year, and the last two projects on this coast waited more than eighteen months.',
    votes: 14,
    replies: [
      { author: 'Jonas Okafor', body: 'Eighteen months for which projects? If it is the ones further north, they also needed a new substation. This one connects at the existing one by the container terminal.', votes: 5 },
    ],
  },
  {
    author: 'Lena Sørensen',
    body: 'My father worked at the ferry terminal until it closed. Seeing the maintenance base go there instead of to a neighbouring port is what will actually bring jobs to town.',
    votes: 9,
    replies: [
      { author: 'Tariq Novak', body: 'About 120 permanent jobs, according to the article. Does anyone know whether the training will be done locally?', votes: 3 },
      { author: 'Chloé Costa', body: 'The vocational college already runs a wind technician course. It was mentioned by the consortium in the spring consultation.', votes: 4 },
    ],
  },
  {
    author: 'quietcyclist',
    body: 'Nobody mentioned what happens to the turbines after thirty years. Who pays to take them down?',
    votes: 6,
    replies: [
      { author: 'Greta Lindqvist', body: 'A decommissioning bond is normally part of the permit. See the [regulator’s guidance](https://example.org/offshore-guidance) — it would be good if the Courier asked what the amount is here.', votes: 8 },
    ],
  },
  {
    author: 'Hiro Tanaka',
    body: 'Will the information evening at the maritime museum on 3 December be streamed? Not everyone can get there on a weeknight.',
    votes: 3,
  },
];
