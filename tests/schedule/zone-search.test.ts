import { describe, expect, it } from 'vitest';
import { ZONE_NAMES } from '../../src/schedule/zone-names.ts';
import { offsetLabel, searchZones } from '../../src/schedule/zone-search.ts';

const winter = new Date('2026-12-01T12:00:00Z');
const summer = new Date('2026-07-01T12:00:00Z');
const values = (query: string, at = winter) => searchZones(query, at).map((choice) => choice.value);

describe('zone search for the timezone autocomplete', () => {
  it.each([
    ['berlin', 'Europe/Berlin'],
    ['Berlin', 'Europe/Berlin'],
    ['베를린', 'Europe/Berlin'],
    ['베를', 'Europe/Berlin'],
    // A syllable still being composed on the way to 베를린.
    ['벨', 'Europe/Berlin'],
    ['서울', 'Asia/Seoul'],
    ['seoul', 'Asia/Seoul'],
    ['ㅅㅇ', 'Asia/Seoul'],
    ['new york', 'America/New_York'],
    ['new_york', 'America/New_York'],
    ['New-York', 'America/New_York'],
    ['york', 'America/New_York'],
    ['뉴욕', 'America/New_York'],
    ['la', 'America/Los_Angeles'],
    ['로스앤젤레스', 'America/Los_Angeles'],
    ['시애틀', 'America/Los_Angeles'],
    ['도쿄', 'Asia/Tokyo'],
    ['런던', 'Europe/London'],
    ['파리', 'Europe/Paris'],
    ['밴쿠버', 'America/Vancouver'],
    ['토론토', 'America/Toronto'],
    ['시드니', 'Australia/Sydney'],
    ['싱가포르', 'Asia/Singapore'],
    ['홍콩', 'Asia/Hong_Kong'],
    ['상하이', 'Asia/Shanghai'],
    ['베이징', 'Asia/Shanghai'],
    ['타이베이', 'Asia/Taipei'],
    ['하노이', 'Asia/Ho_Chi_Minh'],
    ['호찌민', 'Asia/Ho_Chi_Minh'],
    ['방콕', 'Asia/Bangkok'],
    ['자카르타', 'Asia/Jakarta'],
    ['마닐라', 'Asia/Manila'],
    ['뭄바이', 'Asia/Kolkata'],
    ['델리', 'Asia/Kolkata'],
    ['kolkata', 'Asia/Kolkata'],
    ['두바이', 'Asia/Dubai'],
    ['모스크바', 'Europe/Moscow'],
    ['암스테르담', 'Europe/Amsterdam'],
    ['마드리드', 'Europe/Madrid'],
    ['로마', 'Europe/Rome'],
    ['취리히', 'Europe/Zurich'],
    ['스톡홀름', 'Europe/Stockholm'],
    ['헬싱키', 'Europe/Helsinki'],
    ['바르샤바', 'Europe/Warsaw'],
    ['시카고', 'America/Chicago'],
    ['덴버', 'America/Denver'],
    ['멕시코시티', 'America/Mexico_City'],
    ['상파울루', 'America/Sao_Paulo'],
    ['오클랜드', 'Pacific/Auckland'],
    ['호놀룰루', 'Pacific/Honolulu'],
    ['utc', 'UTC'],
    ['Europe/Ber', 'Europe/Berlin'],
    ['buenos', 'America/Buenos_Aires'],
  ])('GIVEN %j THEN %s comes first', (query, zone) => {
    expect(values(query)[0]).toBe(zone);
  });

  it('GIVEN berlin THEN the choice reads as the id, its Korean name and its offset now, and sends the id', () => {
    expect(searchZones('berlin', winter)[0]).toEqual({ name: 'Europe/Berlin (베를린, UTC+1)', value: 'Europe/Berlin' });
    expect(searchZones('베를린', summer)[0]).toEqual({ name: 'Europe/Berlin (베를린, UTC+2)', value: 'Europe/Berlin' });
  });

  it("GIVEN a city found by another of its zone's names THEN that name is the one shown", () => {
    expect(searchZones('시애틀', winter)[0]?.name).toBe('America/Los_Angeles (시애틀, UTC-8)');
  });

  it('GIVEN a zone without a Korean name THEN the choice shows the id and the offset', () => {
    expect(searchZones('lagos', winter)[0]).toEqual({ name: 'Africa/Lagos (UTC+1)', value: 'Africa/Lagos' });
  });

  it('GIVEN an empty query THEN Seoul comes first, then the zones the group uses most, 25 at most', () => {
    const choices = searchZones('', winter);
    expect(choices).toHaveLength(25);
    expect(choices.map((choice) => choice.value).slice(0, 3)).toEqual(['Asia/Seoul', 'Asia/Tokyo', 'UTC']);
    expect(choices.map((choice) => choice.value)).toEqual(
      expect.arrayContaining(['Europe/Berlin', 'America/New_York', 'America/Los_Angeles', 'Europe/London']),
    );
    expect(searchZones('   ', winter)).toEqual(choices);
  });

  it('GIVEN nonsense THEN nothing is offered', () => {
    expect(searchZones('qwxzv', winter)).toEqual([]);
    expect(searchZones('화성기지', winter)).toEqual([]);
  });

  it('GIVEN a broad query THEN at most the limit come back, each once, the named zones first', () => {
    const europe = values('europe');
    expect(europe).toHaveLength(25);
    expect(new Set(europe).size).toBe(25);
    expect(europe[0]).toBe('Europe/Berlin');
    expect(searchZones('a', winter, 10)).toHaveLength(10);
  });

  it("GIVEN any query THEN every value is a zone Intl accepts and every name fits Discord's 100 characters", () => {
    for (const query of ['', 'a', 'america', 'e', '서', 'ㅂ']) {
      for (const choice of searchZones(query, winter)) {
        expect(() => new Intl.DateTimeFormat('en', { timeZone: choice.value })).not.toThrow();
        expect(choice.name.length).toBeLessThanOrEqual(100);
      }
    }
  });

  it('GIVEN the name data THEN every zone in it is one Intl knows, listed once', () => {
    const zones = ZONE_NAMES.map(([zone]) => zone);
    expect(new Set(zones).size).toBe(zones.length);
    for (const zone of zones) expect(() => new Intl.DateTimeFormat('en', { timeZone: zone })).not.toThrow();
  });

  it.each([
    ['Asia/Seoul', 'UTC+9'],
    ['Asia/Kolkata', 'UTC+5:30'],
    ['America/St_Johns', 'UTC-3:30'],
    ['Pacific/Chatham', 'UTC+13:45'],
    ['UTC', 'UTC+0'],
    ['America/New_York', 'UTC-5'],
  ])('GIVEN %s in winter THEN its offset reads %s', (zone, label) => {
    expect(offsetLabel(zone, winter)).toBe(label);
  });
});
