/**
 * Names people type for the zones a Korean study group is likely to pick, as data: the
 * zone id, then the names (Korean first, shown beside the id; English aliases the id's own
 * city part does not already say). The order is the order of the empty-query list.
 * Adding a city is one line here.
 */
export const ZONE_NAMES: ReadonlyArray<readonly [zone: string, names: readonly string[]]> = [
  ['Asia/Seoul', ['서울', '한국', '부산', '인천', '대구', '대전', '광주', 'Korea', 'Busan']],
  ['Asia/Tokyo', ['도쿄', '일본', '오사카', 'Japan', 'Osaka']],
  ['UTC', ['협정 세계시', '세계시', 'GMT']],
  ['America/Los_Angeles', ['로스앤젤레스', '엘에이', 'LA', '시애틀', '샌프란시스코', '실리콘밸리', 'Seattle', 'San Francisco', 'SF']],
  ['America/New_York', ['뉴욕', '워싱턴', '보스턴', '애틀랜타', 'NYC', 'Washington', 'Boston']],
  ['Europe/Berlin', ['베를린', '독일', '뮌헨', '프랑크푸르트', '함부르크', 'Munich', 'Frankfurt', 'Germany']],
  ['Europe/London', ['런던', '영국', 'UK']],
  ['Europe/Paris', ['파리', '프랑스', 'France']],
  ['America/Vancouver', ['밴쿠버']],
  ['America/Toronto', ['토론토', '몬트리올', 'Montreal']],
  ['America/Chicago', ['시카고', '댈러스', '휴스턴', '오스틴', 'Dallas', 'Houston', 'Austin']],
  ['America/Denver', ['덴버']],
  ['Australia/Sydney', ['시드니', '호주']],
  ['Australia/Melbourne', ['멜버른']],
  ['Asia/Singapore', ['싱가포르']],
  ['Asia/Hong_Kong', ['홍콩']],
  ['Asia/Shanghai', ['상하이', '베이징', '중국', '선전', 'Beijing', 'China']],
  ['Asia/Taipei', ['타이베이', '대만', 'Taiwan']],
  ['Asia/Ho_Chi_Minh', ['호찌민', '호치민', '하노이', '베트남', 'Hanoi', 'Saigon', 'Vietnam']],
  ['Asia/Bangkok', ['방콕', '태국']],
  ['Asia/Jakarta', ['자카르타', '인도네시아']],
  ['Asia/Manila', ['마닐라', '필리핀']],
  ['Asia/Kolkata', ['뭄바이', '델리', '뉴델리', '벵갈루루', '인도', 'Mumbai', 'Delhi', 'Bangalore', 'India', 'Calcutta', 'Bombay']],
  ['Asia/Dubai', ['두바이', '아랍에미리트']],
  ['Europe/Moscow', ['모스크바', '러시아']],
  ['Europe/Amsterdam', ['암스테르담', '네덜란드']],
  ['Europe/Madrid', ['마드리드', '바르셀로나', '스페인', 'Barcelona']],
  ['Europe/Rome', ['로마', '밀라노', '이탈리아', 'Milan']],
  ['Europe/Zurich', ['취리히', '스위스', '제네바', 'Geneva']],
  ['Europe/Stockholm', ['스톡홀름', '스웨덴']],
  ['Europe/Helsinki', ['헬싱키', '핀란드']],
  ['Europe/Warsaw', ['바르샤바', '폴란드']],
  ['Europe/Dublin', ['더블린', '아일랜드']],
  ['Europe/Vienna', ['빈', '비엔나', '오스트리아']],
  ['Europe/Prague', ['프라하', '체코']],
  ['Europe/Istanbul', ['이스탄불', '튀르키예', '터키']],
  ['Europe/Kyiv', ['키이우', '키예프', '우크라이나', 'Kiev']],
  ['America/Mexico_City', ['멕시코시티', '멕시코']],
  ['America/Sao_Paulo', ['상파울루', '브라질']],
  ['Pacific/Auckland', ['오클랜드', '뉴질랜드']],
  ['Pacific/Honolulu', ['호놀룰루', '하와이', 'Hawaii']],
  ['America/Anchorage', ['앵커리지', '알래스카']],
  ['America/Phoenix', ['피닉스']],
  ['Australia/Brisbane', ['브리즈번']],
  ['Australia/Perth', ['퍼스']],
  ['Asia/Kuala_Lumpur', ['쿠알라룸푸르', '말레이시아']],
  ['Asia/Ulaanbaatar', ['울란바토르', '몽골']],
  ['Asia/Kathmandu', ['카트만두', '네팔']],
  ['Asia/Yangon', ['양곤', '미얀마']],
  ['Africa/Cairo', ['카이로', '이집트']],
  ['Africa/Johannesburg', ['요하네스버그', '남아프리카공화국']],
];

function resolvedZone(candidate: string): string | undefined {
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: candidate }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

let preferred: Map<string, string> | undefined;

/**
 * Intl's canonical id → the id we show and store. Node 20's ICU still calls Kolkata
 * "Asia/Calcutta" and Ho Chi Minh City "Asia/Saigon"; where the data above names a zone,
 * its current IANA name wins.
 */
function preferredIds(): Map<string, string> {
  if (!preferred) {
    preferred = new Map();
    for (const id of [...Intl.supportedValuesOf('timeZone'), 'UTC']) preferred.set(resolvedZone(id) ?? id, id);
    for (const [zone] of ZONE_NAMES) {
      const canonical = resolvedZone(zone);
      if (canonical) preferred.set(canonical, zone);
    }
  }
  return preferred;
}

/** Every zone offered, once each under its preferred id. */
export function allZones(): string[] {
  return [...new Set(preferredIds().values())];
}

const named = new Set(ZONE_NAMES.map(([zone]) => zone));
let byLowerCase: Map<string, string> | undefined;

/**
 * A zone the user typed, as the id we keep, or undefined. A listed zone in any case gets its
 * listed spelling (`europe/berlin` → `Europe/Berlin`); an alias of a zone named above gets
 * that name (`Asia/Calcutta` → `Asia/Kolkata`, `US/Eastern` → `America/New_York`); any other
 * id Intl knows is kept as typed, since Intl's own canonical name can be an older one than the
 * user's (`America/Argentina/Buenos_Aires` → `America/Buenos_Aires`). Only region/city ids and
 * `UTC`: Intl also takes abbreviations like `EST`, which it reads as a city the user never meant.
 */
export function canonicalZone(token: string): string | undefined {
  const trimmed = token.trim();
  if (trimmed.toUpperCase() === 'UTC') return 'UTC';
  if (!trimmed.includes('/')) return undefined;
  byLowerCase ??= new Map(allZones().map((zone) => [zone.toLowerCase(), zone]));
  const listed = byLowerCase.get(trimmed.toLowerCase());
  if (listed) return listed;
  const canonical = resolvedZone(trimmed);
  if (canonical === undefined) return undefined;
  const preferredId = preferredIds().get(canonical);
  return preferredId !== undefined && named.has(preferredId) ? preferredId : trimmed;
}
