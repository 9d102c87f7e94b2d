import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { VisibleRelation } from '@parley/contracts';
import { contactNotice } from './contact-notices';
import { contactView } from './testing/contact-view';

const sam = (relation: VisibleRelation) => contactView('sam', relation);

describe('contactNotice', () => {
  it('names who a request is from', () => {
    assert.equal(contactNotice(undefined, sam('request')), 'sam (Sam Tester) sent you a message request');
  });

  it('says how a relation grew', () => {
    assert.equal(contactNotice(undefined, sam('added')), 'You added sam: waiting for them to add you back');
    assert.equal(contactNotice(sam('added'), sam('friend')), 'sam added you back: you are friends now');
    assert.equal(contactNotice(sam('request'), sam('friend')), 'You and sam are friends now');
    assert.equal(contactNotice(sam('request'), sam('blocked')), 'You blocked sam');
  });

  it('says nothing when the relation stays', () => {
    assert.equal(contactNotice(sam('friend'), sam('friend')), null);
    assert.equal(contactNotice(undefined, null), null);
  });

  it('tells a contact gone by their doing in the same words, whether removed or blocking', () => {
    assert.equal(contactNotice(sam('friend'), null), 'sam is no longer among your contacts');
  });

  it('tells what my own request ended', () => {
    assert.equal(contactNotice(sam('friend'), null, 'remove'), 'You removed sam');
    assert.match(
      contactNotice(sam('request'), null, 'ignore')!,
      /set aside: it comes back if they write again/,
    );
    assert.equal(contactNotice(sam('blocked'), null, 'unblock'), 'You unblocked sam');
  });
});
