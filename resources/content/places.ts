// Shanxi counties, townships and villages used by the sample content (resources/content).
export interface Place {
  zh: string;
  en: string;
  /** Tone-numbered pinyin where pinyin-pro reads the name wrong (任 as a surname is rén), for read-aloud. */
  pinyin?: string;
}
export interface County {
  key: string;
  name: Place;
  city: Place;
  /** Landline area code of the city. */
  areaCode: string;
  /** Rough road distance from the demo hall (Nandali, Xia County), km. */
  baseKm: number;
  townships: Place[];
}

export const COUNTIES: County[] = [
  { key: 'xiaxian', name: { zh: '夏县', en: 'Xia County' }, city: { zh: '运城市', en: 'Yuncheng' }, areaCode: '0359', baseKm: 4, townships: [{ zh: '南大里乡', en: 'Nandali Township' }, { zh: '瑶峰镇', en: 'Yaofeng Town' }, { zh: '庙前镇', en: 'Miaoqian Town' }, { zh: '水头镇', en: 'Shuitou Town' }, { zh: '泗交镇', en: 'Sijiao Town' }] },
  { key: 'wanrong', name: { zh: '万荣县', en: 'Wanrong County' }, city: { zh: '运城市', en: 'Yuncheng' }, areaCode: '0359', baseKm: 85, townships: [{ zh: '解店镇', en: 'Jiedian Town' }, { zh: '荣河镇', en: 'Ronghe Town' }, { zh: '高村乡', en: 'Gaocun Township' }] },
  { key: 'anze', name: { zh: '安泽县', en: 'Anze County' }, city: { zh: '临汾市', en: 'Linfen' }, areaCode: '0357', baseKm: 190, townships: [{ zh: '府城镇', en: 'Fucheng Town' }, { zh: '良马乡', en: 'Liangma Township' }, { zh: '和川镇', en: 'Hechuan Town' }, { zh: '唐城镇', en: 'Tangcheng Town' }] },
  { key: 'pingshun', name: { zh: '平顺县', en: 'Pingshun County' }, city: { zh: '长治市', en: 'Changzhi' }, areaCode: '0355', baseKm: 260, townships: [{ zh: '青羊镇', en: 'Qingyang Town' }, { zh: '龙溪镇', en: 'Longxi Town' }, { zh: '石城镇', en: 'Shicheng Town' }] },
  { key: 'qixian', name: { zh: '祁县', en: 'Qi County' }, city: { zh: '晋中市', en: 'Jinzhong' }, areaCode: '0354', baseKm: 240, townships: [{ zh: '昭馀镇', en: 'Zhaoyu Town' }, { zh: '东观镇', en: 'Dongguan Town' }] },
  { key: 'lingshi', name: { zh: '灵石县', en: 'Lingshi County' }, city: { zh: '晋中市', en: 'Jinzhong' }, areaCode: '0354', baseKm: 200, townships: [{ zh: '翠峰镇', en: 'Cuifeng Town' }, { zh: '静升镇', en: 'Jingsheng Town' }] },
  { key: 'shilou', name: { zh: '石楼县', en: 'Shilou County' }, city: { zh: '吕梁市', en: 'Lüliang' }, areaCode: '0358', baseKm: 280, townships: [{ zh: '灵泉镇', en: 'Lingquan Town' }, { zh: '罗村镇', en: 'Luocun Town' }] },
  { key: 'kelan', name: { zh: '岢岚县', en: 'Kelan County' }, city: { zh: '忻州市', en: 'Xinzhou' }, areaCode: '0350', baseKm: 430, townships: [{ zh: '岚漪镇', en: 'Lanyi Town' }, { zh: '三井镇', en: 'Sanjing Town' }, { zh: '宋家沟乡', en: 'Songjiagou Township' }] },
  { key: 'yanggao', name: { zh: '阳高县', en: 'Yanggao County' }, city: { zh: '大同市', en: 'Datong' }, areaCode: '0352', baseKm: 560, townships: [{ zh: '龙泉镇', en: 'Longquan Town' }, { zh: '罗文皂镇', en: 'Luowenzao Town' }, { zh: '大白登镇', en: 'Dabaideng Town' }, { zh: '王官屯镇', en: 'Wangguantun Town' }] },
  { key: 'lingqiu', name: { zh: '灵丘县', en: 'Lingqiu County' }, city: { zh: '大同市', en: 'Datong' }, areaCode: '0352', baseKm: 520, townships: [{ zh: '武灵镇', en: 'Wuling Town' }, { zh: '落水河乡', en: 'Luoshuihe Township' }, { zh: '东河南镇', en: 'Donghenan Town' }, { zh: '独峪乡', en: 'Duyu Township' }] },
];

export const VILLAGES: Place[] = [
  { zh: '张家湾村', en: 'Zhangjiawan Village' },
  { zh: '小李村', en: 'Xiaoli Village' },
  { zh: '王家庄村', en: 'Wangjiazhuang Village' },
  { zh: '东关村', en: 'Dongguan Village' },
  { zh: '南庄村', en: 'Nanzhuang Village' },
  { zh: '北坡村', en: 'Beipo Village' },
  { zh: '西沟村', en: 'Xigou Village' },
  { zh: '石门村', en: 'Shimen Village' },
  { zh: '柳树湾村', en: 'Liushuwan Village' },
  { zh: '杨家岭村', en: 'Yangjialing Village' },
  { zh: '前进村', en: 'Qianjin Village' },
  { zh: '后沟村', en: 'Hougou Village' },
  { zh: '红岩村', en: 'Hongyan Village' },
  { zh: '枣林村', en: 'Zaolin Village' },
];

/** Officials' names with their pinyin. */
export const PEOPLE: Place[] = [
  { zh: '张志荣', en: 'Zhang Zhirong' },
  { zh: '闫振国', en: 'Yan Zhenguo' },
  { zh: '任有福', en: 'Ren Youfu', pinyin: 'ren2 you3 fu2' },
  { zh: '王秀英', en: 'Wang Xiuying' },
  { zh: '李建平', en: 'Li Jianping' },
  { zh: '刘桂兰', en: 'Liu Guilan' },
  { zh: '赵文斌', en: 'Zhao Wenbin' },
  { zh: '郭红梅', en: 'Guo Hongmei' },
  { zh: '陈立新', en: 'Chen Lixin' },
  { zh: '杨晓燕', en: 'Yang Xiaoyan' },
  { zh: '孙国华', en: 'Sun Guohua' },
  { zh: '周丽娟', en: 'Zhou Lijuan' },
  { zh: '吴海军', en: 'Wu Haijun' },
  { zh: '冯春花', en: 'Feng Chunhua' },
  { zh: '贾明亮', en: 'Jia Mingliang' },
  { zh: '田素琴', en: 'Tian Suqin' },
];
